-- Reference lists: a public dimension value is published under its listed Chinese name,
-- or as 未登记 (Unlisted) when the list does not hold it or the personal-data scan flagged it.
-- ref_lookup (dimension, key, name_zh) is built by pipeline/reference.py before staging.

create or replace macro ref_key(s) as (nullif(lower(regexp_replace(trim(s), '\s+', ' ', 'g')), ''));

create or replace macro ref_name(dim, s) as (
    case
        when ref_key(s) is null then null
        else coalesce(
            (select min(l.name_zh) from ref_lookup as l
             where l.dimension = dim and l.key = ref_key(s)),
            '未登记')
    end
);
