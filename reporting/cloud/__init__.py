"""Cloud costs (FOCUS): the cloud-costs reports, the exchange rates that convert them to EUR
and the sub-account -> cost-centre mapping that rolls them up in the cost-centre hierarchy."""
