-- Cases closed before they were received: the handling time cannot be negative.
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
    where parse_ts(closed_at) < parse_ts(received_at)
)

select * from final
