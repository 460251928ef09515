-- The annual report's part 3 (收到和处理政府信息公开申请情况), per year and requester type.
-- A request is settled in the year it was replied to; a withdrawn request without a reply
-- is settled in the year it was received; any other request without a reply is still open.
-- So, each year: carried_in + received = settled + carried_out (结转下年度继续办理).
with requests as (
    select * from stg_disclosure
),

settled as (
    select
        requester_type,
        outcome,
        year(received_at) as year_received,
        case
            when replied_at is not null then year(replied_at)
            when outcome = 'withdrawn' then year(received_at)
        end as year_settled
    from requests
),

years as (
    select distinct year_received as year from settled
),

requester_types as (
    select unnest(['person', 'organisation']) as requester_type
),

final as (
    select
        years.year,
        requester_types.requester_type,
        count(*) filter (where s.year_received = years.year) as received,
        count(*) filter (where s.year_received < years.year
                         and coalesce(s.year_settled >= years.year, true)) as carried_in,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'disclosed')
            as disclosed,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'partially_disclosed')
            as partially_disclosed,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'not_disclosed')
            as not_disclosed,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'not_held')
            as not_held,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'not_government_info')
            as not_government_info,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'withdrawn')
            as withdrawn,
        count(*) filter (where s.year_settled = years.year and s.outcome = 'other') as other,
        count(*) filter (where s.year_settled = years.year) as settled,
        count(*) filter (where s.year_received <= years.year
                         and coalesce(s.year_settled > years.year, true)) as carried_out
    from years
    cross join requester_types
    left join settled as s on s.requester_type = requester_types.requester_type
    group by years.year, requester_types.requester_type
)

select * from final order by year, requester_type
