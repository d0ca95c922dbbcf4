"""The video pool's settings, with their defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class ZoomPoolSettings(AppSettings):
    # Zoom's API and OAuth addresses (overridable so tests run the real client on a local server).
    ZOOM_API_BASE_URL = Setting(str, "https://api.zoom.us/v2")
    ZOOM_OAUTH_URL = Setting(str, "https://zoom.us/oauth/token")
    # Seconds to wait for Zoom's answer in background work (connecting gets at most 5).
    ZOOM_TIMEOUT_SECONDS = Setting(float, 10)
    # Seconds a teacher's "Start lesson" waits for Zoom's answer (connecting gets at most 3):
    # the web worker is held meanwhile, so this is kept short.
    ZOOMPOOL_START_TIMEOUT_SECONDS = Setting(float, 5)
    # Web requests that may wait for Zoom at once, across all processes (through the cache);
    # keep it below the number of web workers so the site answers while Zoom hangs.
    ZOOMPOOL_ZOOM_CALLS_AT_ONCE = Setting(int, 2)
    # The circuit breaker: after this many calls in a row get no answer (time-outs, refused
    # connections, 5xx), calls to Zoom fail at once for ZOOMPOOL_BREAKER_SECONDS, then one
    # call probes whether Zoom is back.
    ZOOMPOOL_BREAKER_FAILURES = Setting(int, 2)
    ZOOMPOOL_BREAKER_SECONDS = Setting(int, 30)
    # Fernet key(s) for the accounts' secrets at rest ("" derives one from SECRET_KEY).
    ZOOMPOOL_ENCRYPTION_KEY = Setting(str, "")
    # "Start lesson" opens this many minutes before the lesson.
    ZOOMPOOL_START_EARLY_MINUTES = Setting(int, 10)
    # Zoom's start URL carries the host's ZAK token, which lives about two hours.
    ZOOMPOOL_START_URL_MAX_AGE_MINUTES = Setting(int, 110)
    # How long a second click waits for the first one still talking to Zoom (holding one of
    # the ZOOMPOOL_ZOOM_CALLS_AT_ONCE places meanwhile).
    ZOOMPOOL_START_WAIT_SECONDS = Setting(float, 6)
    ZOOMPOOL_AUTO_RECORDING = Setting(str, "cloud")
    ZOOMPOOL_RECORDING_FILE_TYPES = Setting(list, ["MP4"])
    ZOOMPOOL_RECORDING_MAX_BYTES = Setting(int, 20 * 1024**3)
    # The admin's live list of accounts refreshes this often.
    ZOOMPOOL_ADMIN_REFRESH_SECONDS = Setting(int, 15)
    # Refuse, rather than warn about, timetable changes the pool cannot host.
    ZOOMPOOL_CAPACITY_HARD_LIMIT = Setting(bool, False)
    # The reconciliation leaves meetings Zoom made this recently alone (a start may be
    # recording one right now).
    ZOOMPOOL_RECONCILE_GRACE_MINUTES = Setting(int, 10)


app_settings = ZoomPoolSettings()
