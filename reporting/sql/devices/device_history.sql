-- One device's history, newest first: its events, if the scope may see the device.
SELECT e.event_at, e.event_type::VARCHAR AS event_type, e.user_name, e.note
FROM device_events e
JOIN scoped_devices($org_id, $cc_all, $ccs, $sub_all, $subs) d
  ON d.device_id = e.device_id                 -- both sides are of organisation $org_id
WHERE e.org_id = $org_id AND e.device_id = $device_id::VARCHAR
ORDER BY e.event_at DESC, e.event_type
