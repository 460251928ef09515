-- Reference lists: a public dimension value is published under its listed Chinese name,
-- or as 未登记 (Unlisted) when the list does not hold it or the personal-data scan flagged it.
-- ref_lookup (dimension, key, name_zh) is built by pipeline/reference.py before staging.

-- (blanks are collapsed only where there is something to collapse: most texts hold no tab,
-- line break or double space, and the regular expression was most of the key's cost)
create or replace macro ref_key(s) as (nullif(lower(
    case when contains(s, '  ') or contains(s, chr(9)) or contains(s, chr(10))
            or contains(s, chr(12)) or contains(s, chr(13))
        then regexp_replace(trim(s), '\s+', ' ', 'g') else trim(s) end), ''));

-- The list's name of a key is looked up in a map (variable ref_map_<dim>, one per list, the
-- first name where a key has several), set by pipeline/reference.py from ref_lookup: a
-- lookup per row instead of a join carrying every column of the rows.
create or replace macro ref_name(dim, s) as (
    case
        when ref_key(s) is null then null
        else coalesce(getvariable('ref_map_' || dim)[ref_key(s)], '未登记')
    end
);
