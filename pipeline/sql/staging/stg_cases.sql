-- Case records typed; personal columns and the free-text summary never pass.
with source as (
    select * from valid_cases
),

typed as (
    select
        id_hash(case_id) as case_key,
        accepted_code('cases', 'source', source) as source,
        parse_ts(received_at) as received_at,
        parse_ts(due_at) as due_at,
        parse_ts(closed_at) as closed_at,
        clean_text(status) as status,
        accepted_code('cases', 'outcome', outcome) as outcome,
        ref_name('departments', department) as department,
        ref_name('case_categories', category) as category,
        ref_name('districts', district) as district,
        clean_text(grid) as grid,
        accepted_code('cases', 'channel', channel) as channel,
        parse_rating(satisfaction) as satisfaction
    from source
),

final as (
    select
        *,
        (epoch(closed_at) - epoch(received_at)) / 86400.0 as handling_days
    from typed
)

select * from final
