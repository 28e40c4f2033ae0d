"""Open311 GeoReport v2 at `/open311/v2/` (http://wiki.open311.org/GeoReport_v2): the public
(群众随手拍) lists services, posts requests and follows them, in JSON or XML.

`catalog` turns categories into services, `parsing` reads parameters, `service_requests`
creates and finds them through the events services, `statuses` maps the workflow to open/closed and
FixMyStreet's detailed states, `rendering` writes JSON and XML, `views` glue them together."""
