//! The report computed over deals handed in one at a time, as a streaming read gives them:
//! only the sums are held, so `dealdeck report` needs the same memory at any number of deals.

use chrono::TimeZone;

use crate::domain::Pipeline;

use super::walk::Walker;
use crate::domain::DealHistory;

use super::{ExchangeRates, MissingRates, Report, ReportRequest, Setup, figures};

/// Gathers [`Report`]'s sums deal by deal; [`ReportBuilder::finish`] gives the same report as
/// [`super::compute`] over the same deals in the same (id) order.
pub struct ReportBuilder<'a, Tz: TimeZone> {
    pipeline: &'a Pipeline,
    request: &'a ReportRequest,
    zone: &'a Tz,
    setup: Setup<'a>,
    walker: Walker,
    missing: MissingRates,
}

impl<'a, Tz: TimeZone> ReportBuilder<'a, Tz> {
    pub fn new(
        pipeline: &'a Pipeline,
        rates: &'a ExchangeRates,
        request: &'a ReportRequest,
        zone: &'a Tz,
    ) -> Self {
        let setup = Setup::new(pipeline, rates, request, zone);
        let walker = Walker::new(&setup.frame());
        ReportBuilder {
            pipeline,
            request,
            zone,
            setup,
            walker,
            missing: MissingRates::default(),
        }
    }

    pub fn add(&mut self, deal: &DealHistory) {
        let value = self.setup.value(deal);
        self.missing.add(deal, value, self.setup.as_of);
        self.walker.add(&self.setup.frame(), deal, value);
    }

    pub fn finish(self) -> Report {
        figures(
            self.pipeline,
            self.request,
            self.zone,
            &self.setup.stages,
            self.walker.sums,
            self.missing,
        )
    }
}
