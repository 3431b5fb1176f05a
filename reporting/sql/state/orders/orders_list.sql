-- Every order for the operator's list, newest first.
SELECT order_id, created_at, company_name, business_id, org_id, main_user_name,
       main_user_email, main_user_phone, users, subscriptions, addons, training_date,
       monthly_vat0, one_off_vat0, state, state_changed_at, notes, created_by
FROM orders
ORDER BY created_at DESC, order_id DESC
