-- People's accounts become manageable: an admin disables and re-enables them (never deletes,
-- so that the names in created_by columns stay someone's), and a password an admin set must be
-- changed by its owner at the next sign-in.
alter table app_user
    add column disabled_at          timestamptz,
    add column must_change_password boolean     not null default false,
    add column password_changed_at  timestamptz;

update app_user set password_changed_at = created_at;
alter table app_user alter column password_changed_at set not null;

-- Passwords are now read by Spring Security's DelegatingPasswordEncoder, which names the
-- algorithm in front of the hash; the hashes stored so far are all bcrypt.
update app_user set password_hash = '{bcrypt}' || password_hash where password_hash like '$2%';

-- "me" is the path of a user's own password change (/api/v1/users/me/password).
alter table app_user add constraint app_user_username_not_me check (username <> 'me');

-- Disabling a user revokes the tokens they issued, found by this column.
create index api_token_created_by on api_token (created_by) where revoked_at is null;
