"""Our workflow statuses in Open311 terms: `status` open/closed (closed = the workflow's terminal
statuses), and FixMyStreet's detailed states (its Open311 extended statuses, in lower case) as the
extension field `detailed_status`. Pure: no queries."""

from events.workflow import TERMINAL, Status

__all__ = ["DETAILED", "open311_status", "detailed_status", "OPEN311_STATUSES"]

OPEN311_STATUSES = ("open", "closed")

DETAILED = {
    Status.REPORTED: "open",  # received, nobody has acted yet (FixMyStreet: confirmed)
    Status.ACCEPTED: "investigating",
    Status.ESCALATED: "investigating",  # passed up for a decision, still ours
    Status.RETURNED: "investigating",  # sent back a step, still ours
    Status.DISPATCHED: "action_scheduled",
    Status.IN_PROGRESS: "in_progress",
    Status.RESOLVED: "fixed",  # handled; open until the centre checks and closes it
    Status.CLOSED: "fixed",
    Status.SELF_HANDLED: "fixed",  # the grid worker dealt with it on the spot
    Status.REJECTED: "not_responsible",  # 不予受理: outside what the district handles
}


def open311_status(status: str) -> str:
    return "closed" if status in TERMINAL else "open"


def detailed_status(status: str) -> str:
    return DETAILED[status]
