"""Certificates over JSON: /api/users/certificates/ (one's own; teachers', staff's to manage).

    GET    /api/users/certificates/           own certificates, and those of the courses one
                                              teaches; all of them for staff (?course=, ?status=)
    GET    /api/users/certificates/{id}/      one of them
    GET    /api/users/certificates/{id}/pdf/  its PDF
    POST   /api/users/certificates/           {"user": public_id, "course": id}: issue by hand
    PUT    /api/users/certificates/{id}/      {"status": "revoked", "reason": "…"} or
                                              {"status": "issued"} to restore
    DELETE /api/users/certificates/{id}/      revoke (204); the record stays for verification

Writes are for the course's teacher and staff (checked by the services, permissions.py);
refusals propagate to the API's one exception handler (403, 400 naming "user", 409).
Mounted by api/urls.py at /api/ through this module's ``urlpatterns`` (its own router).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import User
from core.ids import MAX_ID, PrimaryKeyRelatedField
from courses.models import CoursePage

from . import services
from .models import Certificate
from .permissions import visible_to
from .views import pdf_response

UUID_REGEX = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


class CertificateSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    verification_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "user",
            "course",
            "learner_name",
            "course_title",
            "teacher_name",
            "status",
            "code",
            "issued_at",
            "revoked_at",
            "revoked_reason",
            "verification_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_verification_url(self, certificate: Certificate) -> str:
        return certificate.get_verification_url()

    def get_pdf_url(self, certificate: Certificate) -> str:
        path = reverse("api:certificate-pdf", kwargs={"id": certificate.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PublicIdField(serializers.SlugRelatedField):
    """A person by their public id; a malformed one is "not found", not a server error."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")


class CertificateIssueSerializer(serializers.Serializer):
    user = PublicIdField(slug_field="public_id", queryset=User.objects.filter(is_active=True))
    course = PrimaryKeyRelatedField(queryset=CoursePage.objects.all())  # bounded ids


class CertificateStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Certificate.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CertificateFilterSerializer(serializers.Serializer):
    """The list's query string."""

    course = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, help_text="course page id"
    )
    # An empty value is "not given" (DRF reads query strings so); the schema says so.
    status = serializers.ChoiceField(
        choices=Certificate.Status.choices, required=False, allow_blank=True
    )


class PDFRenderer(renderers.BaseRenderer):
    """Lets a client ask for Accept: application/pdf; the view answers with the bytes."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)  # an error's detail


class CertificateViewSet(viewsets.ModelViewSet):
    serializer_class = CertificateSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_url_kwarg = "id"
    lookup_value_regex = UUID_REGEX
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        certificates = visible_to(self.request.user).select_related("user", "course")
        if self.action == "list":
            params = CertificateFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)  # a bad value is a 400 naming it
            if (course := params.validated_data.get("course")) is not None:
                certificates = certificates.filter(course_id=course)
            if wanted := params.validated_data.get("status"):
                certificates = certificates.filter(status=wanted)
        return certificates.order_by("-issued_at", "pk")

    def get_serializer_class(self):
        if self.action == "create":
            return CertificateIssueSerializer
        if self.action in {"update", "partial_update"}:
            return CertificateStatusSerializer
        return CertificateSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            # An error is JSON even where the client asked for the PDF (the schema says so).
            response.accepted_renderer = renderers.JSONRenderer()
            response.accepted_media_type = response.accepted_renderer.media_type
        return response

    def _out(self, certificate: Certificate, code: int = status.HTTP_200_OK) -> Response:
        data = CertificateSerializer(certificate, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(parameters=[CertificateFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=CertificateIssueSerializer,
        responses={201: CertificateSerializer, 200: CertificateSerializer},
        description="Issue by hand (the course's teacher or staff). 200 with the learner's "
        "valid certificate when there is one already.",
    )
    def create(self, request, *args, **kwargs):
        serializer = CertificateIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate, created = services.issue_manually(
            serializer.validated_data["course"], serializer.validated_data["user"], request.user
        )
        return self._out(certificate, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=CertificateStatusSerializer,
        responses={200: CertificateSerializer, 409: OpenApiResponse(description="conflict")},
        description='{"status": "revoked", "reason": "…"} revokes; {"status": "issued"} restores.',
    )
    def update(self, request, *args, **kwargs):
        certificate = self.get_object()
        serializer = CertificateStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = serializer.validated_data["status"]
        if wanted == Certificate.Status.REVOKED:
            certificate = services.revoke(
                certificate, request.user, serializer.validated_data.get("reason", "")
            )
        else:
            certificate = services.restore(certificate, request.user)  # 409 if it would clash
        return self._out(certificate)

    @extend_schema(
        request=CertificateStatusSerializer,
        responses={200: CertificateSerializer, 409: OpenApiResponse(description="conflict")},
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(responses={204: None}, description="Revokes the certificate; the record stays.")
    def destroy(self, request, *args, **kwargs):
        data = request.data if isinstance(request.data, dict) else {}
        services.revoke(self.get_object(), request.user, str(data.get("reason") or ""))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        url_path="pdf",
        renderer_classes=[renderers.JSONRenderer, PDFRenderer],
    )
    def pdf(self, request, *args, **kwargs):
        return pdf_response(self.get_object(), download=True)


router = SimpleRouter()
router.register("users/certificates", CertificateViewSet, basename="certificate")

urlpatterns = router.urls
