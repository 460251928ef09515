-- Hotline calls typed; the caller's name, phone and the summary never pass.
with source as (
    select * from valid_hotline
),

final as (
    select
        id_hash(call_id) as call_key,
        parse_ts(received_at) as received_at,
        parse_bool(answered) as answered,
        parse_number(wait_seconds) as wait_seconds,
        accepted_code('hotline', 'kind', kind) as kind,
        ref_name('departments', department) as department,
        parse_ts(replied_at) as replied_at,
        parse_ts(resolved_at) as resolved_at,
        parse_bool(resolved) as resolved,
        parse_rating(satisfaction) as satisfaction,
        parse_date(programme_date) as programme_date
    from source
)

select * from final
