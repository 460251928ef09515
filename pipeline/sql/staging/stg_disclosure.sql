-- Requests for government information; who asked is never carried on.
with source as (
    select * from valid_disclosure
),

final as (
    select
        id_hash(request_id) as request_key,
        _ts_received_at as received_at,
        accepted_code('disclosure', 'requester_type', requester_type) as requester_type,
        ref_name('departments', department) as department,
        _ts_replied_at as replied_at,
        accepted_code('disclosure', 'outcome', outcome) as outcome,
        parse_bool(reconsideration) as reconsideration,
        parse_bool(litigation) as litigation
    from source
)

select * from final
