-- Grant an account a cost centre or a subscription. Parameters: :user_id, :kind
-- ('cost_centre' or 'subscription'), :value (the code or id), :granted_by.
INSERT INTO grants (user_id, kind, value, granted_by) VALUES (:user_id, :kind, :value, :granted_by)
