-- Cases closed before they were received (beyond the coarser precision of the two
-- times): the row stays (received and closed), its handling time and on-time result
-- are left out (stg_cases).
with cases as (
    select * from valid_cases
),

final as (
    select
        'cases' as table_name,
        _file as file,
        _line as line,
        'closed_at' as column_name,
        'closed before it was received' as reason
    from cases
    where closed_before(closed_at, _ts_closed_at, received_at, _ts_received_at)
)

select * from final
