"""django-axes in front of the model backend, for logins that come with a request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check. Every login over HTTP passes a request and is checked; calls
    without one (Django's test client, management commands) happen inside the machine and
    have no address to count, so they are passed on to the next backend unchecked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
