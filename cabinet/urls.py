"""The personal cabinet (under the language prefix): its own pages, the account's pages and
the learning apps' pages a person keeps (orders, certificates), all in the "cabinet" namespace.
"""

from django.urls import path

from accounts import views as account_views
from learning.certificates import views as certificate_views
from learning.payments import views as payment_views
from messaging import views as message_views

from . import grades, views

app_name = "cabinet"

urlpatterns = [
    path("", views.desk, name="home"),
    path("courses/", views.my_courses, name="courses"),
    path("grades/", grades.my_grades, name="grades"),
    path("reviews/", views.my_reviews, name="reviews"),
    path("checklist/dismiss/", views.dismiss_teacher_checklist, name="teacher-checklist-dismiss"),
    path("profile/", account_views.profile, name="profile"),
    path("settings/", account_views.profile_settings, name="settings"),
    path(
        "settings/sign-out-everywhere/",
        account_views.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path("notifications/", account_views.notifications, name="notifications"),
    path(
        "notifications/<id:notification_id>/open/",
        account_views.open_notification,
        name="notification-open",
    ),
    path("certificates/", certificate_views.my_certificates, name="certificates"),
    path("certificates/<uuid:pk>/pdf/", certificate_views.certificate_pdf, name="certificate-pdf"),
    path("orders/", payment_views.my_orders, name="orders"),
    path("orders/<id:order_id>/", payment_views.receipt, name="receipt"),
    path("messages/", message_views.inbox, name="messages"),
    path("messages/support/", message_views.support, name="messages-support"),
    path("messages/to/<uuid:user_id>/", message_views.write_to, name="messages-to"),
    path("messages/group/<id:group_id>/", message_views.write_to_group, name="messages-group"),
    path("messages/<id:conversation_id>/", message_views.conversation, name="conversation"),
    path(
        "messages/<id:conversation_id>/block/",
        message_views.block_toggle,
        name="conversation-block",
    ),
]
