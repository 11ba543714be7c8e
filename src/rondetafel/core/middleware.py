from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from whitenoise.middleware import WhiteNoiseMiddleware


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Dutch unless the person chose English with the language switch (a cookie).
    A browser's Accept-Language does not overrule that: many Dutch residents run an English
    browser and expect a municipal service in Dutch. API clients may ask by Accept-Language."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            if request.path_info.startswith("/api/"):
                language = translation.get_language_from_request(request)
            else:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, able to stand in an async middleware chain. WhiteNoise's own middleware is
    sync only, and one sync-only middleware makes Django run the whole chain below it (and
    every async view) through a thread and a fresh event loop per request under ASGI: a room
    of phones posting the form at once then shares nothing (ADR 0013)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings)
        self._is_async = iscoroutinefunction(get_response)
        if self._is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self._is_async:
            return self._acall(request)
        return super().__call__(request)

    async def _acall(self, request):
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file)(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is not None:
            return await sync_to_async(self.serve)(static_file, request)
        return await self.get_response(request)
