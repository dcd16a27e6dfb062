"""Request types for views.

`AuthenticatedHttpRequest` is for views behind `@login_required`: the decorator guarantees
`request.user` is a real `User`, which django-stubs cannot know (it types `HttpRequest.user`
as `User | AnonymousUser`). This is the pattern django-stubs itself recommends; it is an
annotation only, Django never builds one.
"""

from __future__ import annotations

from django.http import HttpRequest

from tongxin.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
