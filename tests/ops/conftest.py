import pytest
from prometheus_client.parser import text_string_to_metric_families


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample in a Prometheus exposition (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


@pytest.fixture
def scrape(client):
    """`scrape()` → the text of /metrics as a scraper on localhost sees it."""

    def get():
        response = client.get("/metrics")
        assert response.status_code == 200, response.content
        return response.content.decode()

    return get
