"""The ledger's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

Times are ISO 8601 text (see ``clock``); JSON is stored as text in canonical form. Every row
that records a decision points at the audit entry that logged it (``audit_seq``), so that
``sdc audit verify`` can tell a state table edited behind the log's back.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

SHA = String(64)
TIME = String(40)
NAME = String(200)

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", TIME, nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

requests = Table(
    "requests", metadata,
    Column("id", String(40), primary_key=True),
    Column("number", Integer, nullable=False, unique=True),
    Column("title", Text),
    Column("author", NAME, nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("current_version", Integer, nullable=False),
)

versions = Table(
    "request_versions", metadata,
    Column("request_id", String(40), ForeignKey("requests.id"), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("submitted_by", NAME, nullable=False),
    Column("declared_author", NAME),  # request.toml's [request].author, if any
    Column("submitted_at", TIME, nullable=False),
    Column("source", Text),  # the folder the snapshot was taken from (for people, not trusted)
    Column("policy_source", Text, nullable=False),
    Column("policy_profile", String(100), nullable=False),
    Column("policy_sha256", SHA, nullable=False),
    Column("reviewers_required", Integer, nullable=False),
    Column("status", String(10), nullable=False),  # the check's verdict
    Column("result_json", Text, nullable=False),  # the full check result, with evidence
    Column("audit_seq", Integer, nullable=False),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", SHA, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary),  # NULL when the bytes live in a store directory
)

files = Table(
    "snapshot_files", metadata,
    Column("request_id", String(40), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("path", Text, primary_key=True),
    Column("role", String(10), nullable=False),  # output | request | sidecar
    Column("sha256", SHA, ForeignKey("blobs.sha256"), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("status", String(10)),  # the check's verdict for an output
    Column("findings_digest", SHA),  # what the check found, to tell a changed verdict
    ForeignKeyConstraint(["request_id", "version"],
                         ["request_versions.request_id", "request_versions.version"]),
)

reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("reviewer", NAME, nullable=False),
    Column("decision", String(20), nullable=False),
    Column("comment", Text),
    Column("overrides", Text, nullable=False),  # JSON list of {"rule", "cell"}
    Column("created_at", TIME, nullable=False),
    Column("carried_from", Integer),  # the version the vote was cast on, if carried over
    Column("audit_seq", Integer, nullable=False),
    UniqueConstraint("request_id", "version", "path", "reviewer", name="uq_one_vote"),
    ForeignKeyConstraint(["request_id", "version"],
                         ["request_versions.request_id", "request_versions.version"]),
)

comments = Table(
    "comments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(40), ForeignKey("requests.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("path", Text),
    Column("actor", NAME, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("audit_seq", Integer, nullable=False),
)

releases = Table(
    "releases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("released_by", NAME, nullable=False),
    Column("target", Text, nullable=False),
    Column("state", String(12), nullable=False),  # pending | complete | failed | abandoned
    Column("started_at", TIME, nullable=False),
    Column("finished_at", TIME),
    Column("audit_seq", Integer, nullable=False),
    ForeignKeyConstraint(["request_id", "version"],
                         ["request_versions.request_id", "request_versions.version"]),
)

released_files = Table(
    "released_files", metadata,
    Column("release_id", Integer, ForeignKey("releases.id"), primary_key=True),
    Column("path", Text, primary_key=True),
    Column("sha256", SHA, nullable=False),
    Column("size", BigInteger, nullable=False),
)

# The parsed tables of every snapshot; those released are indexed in ``released_tables``.
output_tables = Table(
    "output_tables", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("sheet", Text),
    Column("dim_sig", SHA, nullable=False),
    Column("label_sig", SHA, nullable=False),
    Column("grand_total", Float),
    Column("table_json", Text, nullable=False),  # dimensions, labels, population, count cells
    Index("ix_output_tables_version", "request_id", "version"),
)

released_tables = Table(
    "released_tables", metadata,
    Column("table_id", Integer, ForeignKey("output_tables.id"), primary_key=True),
    Column("release_id", Integer, ForeignKey("releases.id"), nullable=False),
    Column("dim_sig", SHA, nullable=False),
    Column("label_sig", SHA, nullable=False),
    Column("grand_total", Float),
    Index("ix_released_label_total", "label_sig", "grand_total"),
    Index("ix_released_dim_total", "dim_sig", "grand_total"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", TIME, nullable=False),
    Column("actor", NAME, nullable=False),
    Column("event", String(40), nullable=False),
    Column("request_id", String(40)),
    Column("data", Text, nullable=False),  # canonical JSON
    Column("prev_hash", SHA, nullable=False),
    Column("hash", SHA, nullable=False),
    Index("ix_audit_request", "request_id"),
)

# The last entry's seq and hash: deleting the newest entries breaks this, not only the chain.
audit_head = Table(
    "audit_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", SHA, nullable=False),
)

V1_TABLES = [settings, requests, versions, blobs, files, reviews, comments, releases,
             released_files, output_tables, released_tables, audit_log, audit_head]

# -- schema version 2: people who log in, and the request lifecycle of the web app ----------

users = Table(
    "users", metadata,
    Column("name", NAME, primary_key=True),  # as shown (``people.display_name``)
    Column("identity", NAME, nullable=False, unique=True),  # ``people.identity_key``
    Column("role", String(20), nullable=False),  # researcher | checker | admin
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("disabled", Integer, nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("audit_seq", Integer, nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("token_sha256", SHA, primary_key=True),  # the token itself is shown once, never kept
    Column("name", NAME, ForeignKey("users.name"), nullable=False),
    Column("created_at", TIME, nullable=False),
)

web_sessions = Table(
    "web_sessions", metadata,
    Column("token_sha256", SHA, primary_key=True),  # server-side: logout deletes the row
    Column("name", NAME, ForeignKey("users.name"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("expires_at", TIME, nullable=False),
)

# Where a request stands in the researcher's and checkers' workflow. A request submitted from
# the command line has no row: it is ``submitted`` (in review) from the start.
request_lifecycle = Table(
    "request_lifecycle", metadata,
    Column("request_id", String(40), ForeignKey("requests.id"), primary_key=True),
    Column("state", String(20), nullable=False),  # draft|submitted|returned|withdrawn|rejected
    Column("context", Text),  # what the outputs are for (required to submit)
    Column("controls", Text),  # the disclosure controls applied (required to submit)
    Column("workspace", Text),  # the workspace folder, relative to the server's --workspaces
    Column("audit_seq", Integer, nullable=False),
)

output_notes = Table(
    "output_notes", metadata,
    Column("request_id", String(40), ForeignKey("requests.id"), primary_key=True),
    Column("path", Text, primary_key=True),
    Column("description", Text),
    Column("justification", Text),
    Column("supporting", Integer, nullable=False),  # viewed by checkers, never released
    Column("audit_seq", Integer, nullable=False),
)

V2_TABLES = [users, api_tokens, web_sessions, request_lifecycle, output_notes]

# -- schema version 3: shared state of ``sdc serve`` processes ----------------------------

# An output's rendered check (findings, grid, heat-map) as the output page shows it, keyed by
# what it was drawn from (file hash, stored findings, policy, sdc version): display only,
# never read to decide anything; shared by every server process and kept across restarts.
# Each page's SHA-256 is logged in the audit chain (a ``render`` entry, ``audit_seq``, added
# in schema version 4) and checked against it on every read (``sdc.ledger.rendered``).
rendered_outputs = Table(
    "rendered_outputs", metadata,
    Column("key", SHA, primary_key=True),
    Column("html", Text, nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("audit_seq", Integer),
)

# Failed logins, per account (``n:`` + identity key) and per client address (``a:``), so
# every server process throttles the same attempts (``sdc.web.auth.Throttle``).
login_failures = Table(
    "login_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),
    Column("at", Float, nullable=False),  # seconds since the epoch
    Index("ix_login_failures_key_at", "key", "at"),
)

V3_TABLES = [rendered_outputs, login_failures]

# -- schema version 5: released tables by their margins, whatever their dimensions' names ----

# Each released table under its margins (round 43, ledger43): one row per signature of
# ``sdc.ledger.margins`` (the table itself and each dimension collapsed to its margin, the
# dimensions' names dropped, their labels kept), with its printed grand total. A released
# ``region × sex`` whose ``Total`` row completes a new ``age × sex`` (or the same table under
# ``area``) shares no ``dim_sig`` with it; it shares a margin signature. A released table whose
# stored payload could not be read has one row under ``margins.UNREAD``: the lookup says so.
released_margins = Table(
    "released_margins", metadata,
    Column("table_id", Integer, ForeignKey("output_tables.id"), primary_key=True),
    Column("margin_sig", SHA, primary_key=True),
    Column("grand_total", Float),
    Index("ix_released_margins_sig_total", "margin_sig", "grand_total"),
)

V5_TABLES = [released_margins]


# -- schema version 9: released tables by each count measure ---------------------------------

# Each released table under each of its count measures (round 48, md48;
# ``sdc.ledger.measures``): the measure's dimensions and folded name (``measure_sig``; a
# one-measure table's is its ``dim_sig``), with its labels (``label_sig``), and its own grand
# total. ``released_tables`` keys a table by all its measures and the first one's total, so a
# released ``admissions, deaths`` was found by no new table of ``deaths`` alone.
released_measures = Table(
    "released_measures", metadata,
    Column("table_id", Integer, ForeignKey("output_tables.id"), primary_key=True),
    Column("measure_sig", SHA, primary_key=True),
    Column("label_sig", SHA, nullable=False),
    Column("grand_total", Float),
    Index("ix_released_measures_sig_total", "measure_sig", "grand_total"),
    Index("ix_released_measures_label_total", "label_sig", "grand_total"),
)

V9_TABLES = [released_measures]
