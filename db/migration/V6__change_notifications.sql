-- Service nodes keep what every request reads (pins, their deprecations, quirks, API tokens)
-- and must drop it the moment it changes. Pins and their layouts never change (V1);
-- deprecations are only ever added, quirks are edited by admins, tokens issued and revoked.
-- Each such change announces itself at commit on the channel every node listens to
-- (ChangeFeed).
create function cfgspace_announce_change() returns trigger
language plpgsql as $$
begin
    perform pg_notify('cfgspace_changes', tg_table_name);
    return null;
end
$$;
create trigger quirk_announced after insert or update or delete or truncate on quirk
    for each statement execute function cfgspace_announce_change();
create trigger pin_deprecation_announced after insert on pin_deprecation
    for each statement execute function cfgspace_announce_change();
create trigger api_token_announced after insert or update or delete or truncate on api_token
    for each statement execute function cfgspace_announce_change();
