"""The demo Zoom pool (zoompool.yaml): two accounts pointed at nothing.

Made once by label; staff's edits to them are kept on a second run.
"""

from typing import Any

from learning.zoompool.models import ZoomAccount


def load_zoom_accounts(data: dict[str, Any]) -> list[ZoomAccount]:
    accounts = []
    for spec in data["accounts"]:
        account, _created = ZoomAccount.objects.get_or_create(
            label=spec["label"],
            defaults={
                "account_id": spec["account_id"],
                "client_id": spec["client_id"],
                "client_secret": data["client_secret"],
                "webhook_secret_token": spec["webhook_secret_token"],
                "zoom_user_id": spec["zoom_user_id"],
                "endpoint_override": data["endpoint"],
                "is_active": True,
            },
        )
        accounts.append(account)
    return accounts
