-- A person's own password change joins the audit trail: after an admin's reset, the trail
-- shows when the user took the account back, and a change nobody expected is visible.
alter table audit_event drop constraint audit_event_action_check;
alter table audit_event add constraint audit_event_action_check check (action in (
    'token-issued', 'token-revoked',
    'user-created', 'user-disabled', 'user-enabled', 'user-role-changed', 'user-password-reset',
    'user-password-changed',
    'quirk-created', 'quirk-changed', 'quirk-deleted',
    'pin-proposed', 'pin-approved', 'pin-deprecated',
    'model-created', 'model-changed',
    'profile-created', 'profile-changed', 'profile-deleted',
    'settings-changed'));
