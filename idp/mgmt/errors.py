"""Management API errors in Auth0's shape: statusCode, error, message, errorCode."""

from http import HTTPStatus

from django.http import JsonResponse


class ManagementError(Exception):
    def __init__(self, status: int, message: str, error_code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code

    def response(self) -> JsonResponse:
        return JsonResponse(
            {
                "statusCode": self.status,
                "error": HTTPStatus(self.status).phrase,
                "message": self.message,
                "errorCode": self.error_code,
            },
            status=self.status,
        )


def bad_request(message: str, error_code: str = "invalid_body") -> ManagementError:
    return ManagementError(400, message, error_code)


def user_not_found() -> ManagementError:
    return ManagementError(404, "The user does not exist.", "inexistent_user")


def user_exists() -> ManagementError:
    return ManagementError(409, "The user already exists.", "auth0_idp_error")
