-- The annual report's part 4 (行政复议、行政诉讼): requests contested, by the year received.
-- Litigation is told apart by whether an administrative reconsideration came first
-- (复议后起诉) or not (未经复议直接起诉). An unknown flag counts as not contested.
with requests as (
    select * from stg_disclosure
),

flags as (
    select
        year(received_at) as year,
        coalesce(reconsideration, false) as reconsidered,
        coalesce(litigation, false) as sued
    from requests
),

final as (
    select
        year,
        count(*) filter (where reconsidered) as reconsideration,
        count(*) filter (where sued and not reconsidered) as litigation_direct,
        count(*) filter (where sued and reconsidered) as litigation_after_reconsideration,
        count(*) filter (where sued) as litigation
    from flags
    group by year
)

select * from final order by year
