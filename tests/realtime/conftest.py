import pytest


@pytest.fixture(autouse=True)
def keep_test_transaction_connection(monkeypatch):
    """Channels' database_sync_to_async closes "obsolete" connections around each call, which inside
    a test's transaction would close the connection holding it. Keep it open here; production
    behaviour (and everything else the consumers do) is unchanged."""
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda **kwargs: None)
