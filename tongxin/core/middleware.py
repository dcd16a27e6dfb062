"""Language selection: zh-Hans unless the person chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an English browser would
get English pages before anyone asked. Pages here are zh-Hans by default and switch only by
the language cookie (the switcher in the header). API clients, which have no switcher, may
still ask for English with Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIXES = ("/api/", "/open311/")


class DefaultLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request) -> None:
        if request.path.startswith(API_PREFIXES):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
