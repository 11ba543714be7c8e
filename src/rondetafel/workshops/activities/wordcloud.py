"""Word cloud: one to three words each; the most given words are drawn largest."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ActivityType, register

MAX_WORDS = 3


class WordCloud(ActivityType):
    def value_from_fields(self, activity, fields):
        return [fields.get(f"word{i}", "") for i in range(1, MAX_WORDS + 1)]

    def clean(self, activity, item, value, known_items=None):
        words = value if isinstance(value, list) else str(value or "").split(",")
        if len(words) > MAX_WORDS:
            raise ValidationError(_("Give one to three words."))
        words = [" ".join(str(w).split()).lower()[:30] for w in words]
        words = [w for w in words if w]
        if not 1 <= len(words) <= MAX_WORDS:
            raise ValidationError(_("Give one to three words."))
        return words

    def results(self, activity, responses, sides):
        counts = Counter(w for r in responses for w in r.value)
        top = counts.most_common(40)
        most = top[0][1] if top else 1
        return {
            "respondents": len(responses),
            "words": [
                {"word": w, "count": c, "size": 1 + round(4 * c / most)} for w, c in sorted(top)
            ],
        }

    def simulate(self, activity, rng):
        return [
            ("", [rng.choice(["vertrouwen", "samen", "tempo", "duidelijk", "groen", "veilig"])])
        ]


register(WordCloud("wordcloud", gettext_lazy("Word cloud")))
