-- Case records typed; personal columns and the free-text summary never pass.
-- A due date without a time means the end of that day. A case closed before it was
-- received (beyond the coarser precision of the two times) stays received and closed but
-- has no handling time and no on-time result; equal within that precision counts as zero.
with source as (
    select * from valid_cases
),

typed as (
    select
        id_hash(case_id) as case_key,
        accepted_code('cases', 'source', source) as source,
        _ts_received_at as received_at,
        due_time(due_at, _ts_due_at) as due_at,
        _ts_closed_at as closed_at,
        clean_text(status) as status,
        accepted_code('cases', 'outcome', outcome) as outcome,
        ref_name('departments', department) as department,
        ref_name('case_categories', category) as category,
        ref_name('districts', district) as district,
        clean_text(grid) as grid,
        accepted_code('cases', 'channel', channel) as channel,
        parse_rating(satisfaction) as satisfaction,
        coalesce(closed_before(source.closed_at, _ts_closed_at, source.received_at,
            _ts_received_at), false) as closed_early
    from source
),

final as (
    select
        * exclude (closed_early) replace (case when not closed_early then due_at end as due_at),
        case when not closed_early and closed_at is not null
            then greatest(epoch(closed_at) - epoch(received_at), 0) / 86400.0
        end as handling_days
    from typed
)

select * from final
