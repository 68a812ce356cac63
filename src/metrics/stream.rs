//! The report computed over deals handed in one at a time, as a streaming read gives them:
//! only the sums are held, so `dealdeck report` needs the same memory at any number of deals.

use chrono::TimeZone;

use crate::domain::Pipeline;

use super::walk::Walker;
use crate::domain::DealHistory;

use super::{ExchangeRates, MissingRates, Report, ReportRequest, Setup, figures};

/// Gathers [`Report`]'s sums deal by deal; [`ReportBuilder::finish`] gives the same report as
/// [`super::compute`] over the same deals in the same (id) order.
pub struct ReportBuilder<'a> {
    pipeline: &'a Pipeline,
    request: &'a ReportRequest,
    setup: Setup<'a>,
    walker: Walker,
    missing: MissingRates,
}

impl<'a> ReportBuilder<'a> {
    pub fn new<Tz: TimeZone>(
        pipeline: &'a Pipeline,
        rates: &'a ExchangeRates,
        request: &'a ReportRequest,
        zone: &Tz,
    ) -> Self {
        let setup = Setup::new(pipeline, rates, request, zone);
        let walker = Walker::new(&setup.frame());
        ReportBuilder {
            pipeline,
            request,
            setup,
            walker,
            missing: MissingRates::default(),
        }
    }

    pub fn add(&mut self, deal: &DealHistory) {
        let frame = self.setup.frame();
        if !frame.includes(deal) {
            return;
        }
        let value = self.setup.value(deal);
        self.missing.add(deal, value);
        self.walker.add(&frame, deal, value);
    }

    pub fn finish(self) -> Report {
        figures(
            self.pipeline,
            self.request,
            &self.setup,
            self.walker.sums,
            self.missing,
        )
    }
}
