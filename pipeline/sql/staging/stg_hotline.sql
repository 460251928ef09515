-- Hotline calls typed; the caller's name, phone and the summary never pass.
with source as (
    select * from valid_hotline
),

final as (
    select
        id_hash(call_id) as call_key,
        _ts_received_at as received_at,
        parse_bool(answered) as answered,
        parse_number(wait_seconds) as wait_seconds,
        accepted_code('hotline', 'kind', kind) as kind,
        ref_name('departments', department) as department,
        _ts_replied_at as replied_at,
        _ts_resolved_at as resolved_at,
        parse_bool(resolved) as resolved,
        parse_rating(satisfaction) as satisfaction,
        cast(_ts_programme_date as date) as programme_date
    from source
)

select * from final
