-- Emails are written here in the same transaction as their cause and delivered afterwards by the
-- sender; without SMTP they are kept here for operators to read. dedupe_key makes a redelivered
-- event enqueue nothing new.
CREATE TABLE mail_outbox
(
  id              TEXT PRIMARY KEY,
  dedupe_key      TEXT        NOT NULL UNIQUE,
  template        TEXT        NOT NULL,
  category        TEXT        NOT NULL CHECK (category IN ('transactional', 'sales', 'operator')),
  user_id         TEXT,
  recipient       TEXT,
  reply_to        TEXT,
  subject         TEXT        NOT NULL,
  text_body       TEXT        NOT NULL,
  html_body       TEXT        NOT NULL,
  status          TEXT        NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'kept', 'skipped')),
  note            TEXT,
  attempts        INT         NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (lower(recipient), id);

-- Categories of email a user has turned off; transactional email cannot be turned off.
CREATE TABLE email_opt_outs
(
  user_id    TEXT        NOT NULL,
  category   TEXT        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, category)
);

-- Errors that client applications (browsers, apps) report about themselves.
CREATE TABLE client_errors
(
  id         TEXT PRIMARY KEY,
  user_id    TEXT        NOT NULL,
  message    TEXT        NOT NULL,
  stack      TEXT,
  url        TEXT,
  user_agent TEXT,
  release    TEXT,
  context    JSONB       NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX client_errors_release_idx ON client_errors (release, id);
CREATE INDEX client_errors_user_idx ON client_errors (user_id, id);

-- The support inbox: messages users send to the platform's operators.
CREATE TABLE support_messages
(
  id         TEXT PRIMARY KEY,
  user_id    TEXT        NOT NULL,
  email      TEXT,
  subject    TEXT        NOT NULL,
  body       TEXT        NOT NULL,
  mail_id    TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX support_messages_user_idx ON support_messages (user_id, id);
