-- Accounts for people (the admin UI, HTTP basic) and API bearer tokens (orchestrators, hooks).
-- Passwords are stored as bcrypt hashes; tokens as SHA-256 of the secret, which is shown once.

create table app_user (
    id            bigint generated always as identity primary key,
    username      text        not null unique check (username ~ '^[a-zA-Z0-9._-]{1,64}$'),
    password_hash text        not null,
    role          text        not null check (role in ('viewer', 'verifier', 'operator', 'admin')),
    created_at    timestamptz not null
);

create table api_token (
    id          bigint generated always as identity primary key,
    name        text        not null check (length(name) between 1 and 100),
    token_hash  text        not null unique,
    role        text        not null check (role in ('viewer', 'verifier', 'operator', 'admin')),
    created_at  timestamptz not null,
    created_by  text        not null,
    revoked_at  timestamptz
);
