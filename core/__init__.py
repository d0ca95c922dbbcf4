"""The lowest layer: pieces every app may use and that know no app.

Domain errors (errors.py), declared app settings (app_settings.py), permission helpers
(permissions.py), URL helpers (urls.py), ranked page search (ranking.py) and the web-side
handler that turns a domain error into a page (middleware.py).
"""
