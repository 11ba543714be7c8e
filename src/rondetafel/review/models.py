from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel


class SectionGroup(BaseModel):
    """A sub-session group that reviews one section of an agreement version."""

    subgroup = models.OneToOneField(
        "workshops.SubGroup", on_delete=models.CASCADE, related_name="agreement_section"
    )
    # A section removed from the version after the groups were formed leaves the group with
    # its heading and no articles (the phones say so); nothing the group did is lost.
    section = models.ForeignKey(
        "agreements.Section", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    heading = models.CharField(_("section"), max_length=300)

    def __str__(self) -> str:
        return self.heading


class GroupReport(BaseModel):
    """What the group's host writes down: notes and the group's outcome."""

    subgroup = models.OneToOneField(
        "workshops.SubGroup", on_delete=models.CASCADE, related_name="review_report"
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    outcome = models.TextField(_("the group's outcome"), max_length=3000, blank=True)

    def __str__(self) -> str:
        return str(self.subgroup_id)
