def public_api_only(endpoints, **kwargs):
    """Document /api/ only: Wagtail's admin uses DRF internally, which is not our API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
