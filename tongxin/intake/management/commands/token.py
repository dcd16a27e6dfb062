"""`tongxin token create|list|revoke`: API tokens for staff and channel clients.

    tongxin token create --user open311-bot --channel open311 --name "City app"
    tongxin token create --user grid-app --channel grid --name "网格通" \
        --create-user --role operator --region 370402001

prints the raw token once; only its SHA-256 is stored.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Channel
from tongxin.intake.models import ApiToken
from tongxin.intake.services import issue_token, revoke_token
from tongxin.regions.models import Region


class Command(BaseCommand):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="issue a token and print it once")
        create.add_argument("--user", required=True, help="username the token acts as")
        create.add_argument("--channel", required=True, choices=Channel.values)
        create.add_argument("--name", required=True)
        create.add_argument("--create-user", action="store_true",
                            help="create the (service) user if it does not exist")
        create.add_argument("--role", choices=Role.values, default=Role.OPERATOR,
                            help="role of the created user's membership")
        create.add_argument("--region", help="region code of the created user's membership")
        sub.add_parser("list", help="list tokens (never the raw value)")
        revoke = sub.add_parser("revoke", help="deactivate a token")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, verb: str, **options) -> None:
        getattr(self, f"_{verb}")(**options)

    def _create(self, *, user: str, channel: str, name: str, create_user: bool, role: str,
                region: str | None, **_) -> None:
        with transaction.atomic():
            account = User.objects.filter(username=user).first()
            if account is None:
                if not create_user:
                    raise CommandError(f"No user {user!r} (add --create-user to create one).")
                account = self._service_user(user, role, region)
            issued = issue_token(user=account, channel=channel, name=name)
        self.stderr.write(f"Token {issued.token.pk} for {account.username} on channel {channel}; "
                          "copy it now, it is not stored:")
        self.stdout.write(issued.raw)

    def _service_user(self, username: str, role: str, region_code: str | None) -> User:
        scope = None
        if region_code:
            scope = Region.objects.filter(code=region_code).first()
            if scope is None:
                raise CommandError(f"No region with code {region_code!r}.")
        elif role != Role.CITIZEN:
            raise CommandError("--region is needed for a role other than citizen.")
        account = User.objects.create_user(username=username, display_name=username)
        account.set_unusable_password()  # a service user signs in only with its token
        account.save(update_fields=["password"])
        Membership.objects.create(user=account, role=role, region=scope)
        return account

    def _list(self, **_) -> None:
        for t in ApiToken.objects.select_related("user").order_by("pk"):
            state = "active" if t.is_active else "revoked"
            self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.user.username}\t{t.channel}\t{state}\t{t.name}")

    def _revoke(self, *, token_id: int, **_) -> None:
        if not ApiToken.objects.filter(pk=token_id).exists():
            raise CommandError(f"No token {token_id}.")
        revoke_token(token_id=token_id)
        self.stdout.write(f"Token {token_id} revoked.")
