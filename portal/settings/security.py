"""Security headers and the Content-Security-Policy shared by all environments
(production.py adds HTTPS)."""

from .environment import env

# --- Security shared by all environments ----------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Old browsers: no framing. Modern ones follow CSP frame-ancestors below, which lets Wagtail's
# preview panel frame the site inside the admin.
X_FRAME_OPTIONS = "DENY"

# No third-party avatars in the admin: the CSP keeps images same-origin and pages work offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (django-csp). Everything is served from this origin: no CDN.
# Wagtail's admin still uses inline styles, so style-src allows them; scripts stay same-origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"] + env.list("CSP_IMG_SRC", default=[]),
        "font-src": ["'self'", "data:"],
        # blob: for the video player: hls.js feeds the <video> through Media Source Extensions,
        # whose object URL is a blob: address.
        "media-src": ["'self'", "blob:"] + env.list("CSP_MEDIA_SRC", default=[]),
        "frame-src": ["'self'", "https://www.youtube.com", "https://player.vimeo.com"],
        # An S3 bucket or CDN: hls.js fetches segments and uploads PUT their parts there.
        "connect-src": ["'self'"] + env.list("CSP_CONNECT_SRC", default=[]),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Buy posts here and is redirected to the gateway's payment page (Stripe, YooKassa,
        # PayPal and its sandbox); "Start lesson" to Zoom.
        "form-action": [
            "'self'",
            "https://checkout.stripe.com",
            "https://yoomoney.ru",
            "https://www.paypal.com",
            "https://www.sandbox.paypal.com",
            "https://zoom.us",
            "https://*.zoom.us",
        ]
        + env.list("CSP_FORM_ACTION", default=[]),
        "frame-ancestors": ["'self'"],
    }
}
