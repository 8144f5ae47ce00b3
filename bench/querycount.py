"""The SQL a request ran, in its response headers: for the page benchmark's server only
(``bench_settings``), never the app's own settings.

``X-Queries`` is the number of queries, ``X-Queries-Ms`` the time spent in
``cursor.execute`` (psycopg2 fetches the rows there, so it includes reading them). With
``BENCH_QUERY_LOG`` set to a file, a request that names its page (``X-Bench-Page``)
also appends a line there with its slowest query, for the benchmark's summary.
"""

import json
import os
import time

from django.db import connection


class QueryCount:
    """An execute wrapper (``connection.execute_wrapper``) that counts and times."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.slowest = (0.0, "")

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.count += 1
            self.seconds += elapsed
            if elapsed > self.slowest[0]:
                self.slowest = (elapsed, sql)


class QueryCountMiddleware:
    """First in the list, so that it counts the session and user queries too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = os.environ.get("BENCH_QUERY_LOG")

    def __call__(self, request):
        queries = QueryCount()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        response["X-Queries"] = str(queries.count)
        response["X-Queries-Ms"] = f"{queries.seconds * 1000:.1f}"
        page = request.headers.get("X-Bench-Page")
        if self.log and page:
            seconds, sql = queries.slowest
            line = json.dumps({"page": page, "ms": seconds * 1000, "sql": sql[:20000]})
            # One write per line in append mode: the two workers' lines do not interleave.
            with open(self.log, "a", encoding="utf-8") as log:
                log.write(line + "\n")
        return response
