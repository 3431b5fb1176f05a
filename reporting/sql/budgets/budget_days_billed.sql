-- The last day of $month that the organisation's daily usage rows reach (NULL: none yet),
-- and whether the month has invoice lines (then it is closed: its actual costs are known).
SELECT (SELECT max(usage_date) FROM usage_daily
        WHERE org_id = $org_id AND usage_date BETWEEN $month::DATE AND $month_end::DATE) AS last_day,
       EXISTS (SELECT 1 FROM charges WHERE org_id = $org_id AND invoice_month = $month::DATE
               AND currency = 'EUR') AS invoiced
