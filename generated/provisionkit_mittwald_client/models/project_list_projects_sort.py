from enum import StrEnum


class ProjectListProjectsSort(StrEnum):
    CREATEDAT = "createdAt"
    DESCRIPTION = "description"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ProjectListProjectsSort | None":
        # Both APIs add enum values over time (mittwald added `runtimeApps` to supportedFeatures and
        # mittwald-api-client 3.0.0 crashes on it). An unknown string becomes a pseudo-member named
        # UNKNOWN that keeps the value, so parsing never fails and to_dict() round-trips it.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
