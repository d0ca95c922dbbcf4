"""Demo data: two pool accounts pointed at nothing, so the admin screens have something to show.

Their credentials are placeholders and their calls go to a closed local port: starting a
lesson with them says Zoom is unreachable, the account goes back to the pool and its
"last error" says why. Replace them with
real Server-to-Server OAuth apps (README, "Live lessons and the Zoom pool").
"""

from .models import ZoomAccount

NOWHERE = "http://127.0.0.1:9"  # the discard port: refused at once, never a real server
DEMO_ACCOUNTS = [
    ("Demo pool account 1", "demo-host-1@example.com"),
    ("Demo pool account 2", "demo-host-2@example.com"),
]


def load_demo() -> list[ZoomAccount]:
    """Create the two demo accounts once; safe to run again (edits made by staff are kept)."""
    accounts = []
    for index, (label, user) in enumerate(DEMO_ACCOUNTS, start=1):
        account, _created = ZoomAccount.objects.get_or_create(
            label=label,
            defaults={
                "account_id": f"demo-account-{index}",
                "client_id": f"demo-client-{index}",
                "client_secret": "demo-not-a-real-secret",
                "webhook_secret_token": f"demo-webhook-token-{index}",
                "zoom_user_id": user,
                "endpoint_override": NOWHERE,
                "is_active": True,
            },
        )
        accounts.append(account)
    return accounts
