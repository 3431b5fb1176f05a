"""Services: availability, status and SLA reports, support requests, service documentation."""
