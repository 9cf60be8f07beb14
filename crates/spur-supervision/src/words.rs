//! Every word of the supervision outputs (agenda, commitments, labels) and of the toolkit's
//! diagnostics: one message table ([`spur_core::phrases!`]) with both languages side by side.
//! Renderers take a [`spur_core::Lang`] and never write words of their own.

spur_core::phrases! {
    /// The phrases of spur-supervision.
    pub(crate) enum Says {
        // ---- labels ------------------------------------------------------------------------
        /// Pace: met.
        PaceMet => "met", "uppfyllt";
        /// Pace: on track.
        PaceOnTrack => "on track", "i fas";
        /// Pace: at risk.
        PaceAtRisk => "at risk", "i riskzonen";
        /// Pace: missed.
        PaceMissed => "missed", "ej uppnått";
        /// Frequency: every meeting.
        EveryMeeting => "every meeting", "varje möte";
        /// Frequency: every 3 months.
        Every3Months => "every 3 months", "var 3:e månad";
        /// Frequency: every 6 months.
        Every6Months => "every 6 months", "var 6:e månad";
        /// Frequency: yearly.
        Yearly => "yearly", "årligen";
        /// Frequency: as needed.
        AsNeeded => "as needed", "efter behov";
        /// Frequency: regularly.
        Regularly => "regularly (taken as every 3 months)", "regelbundet";
        /// Frequency: end of calendar year.
        EndOfYear => "end of calendar year", "i slutet av kalenderåret";

        // ---- agenda ------------------------------------------------------------------------
        /// Agenda title.
        AgendaTitle => "# Handledning — agenda for {st} — {date}\n", "# Handledning — agenda för {st} — {date}\n";
        /// The ST's period and how far it has come.
        AgendaSt => "- ST: {start} – {end}{regulation}, {percent} % elapsed",
            "- ST: {start} – {end}{regulation}, {percent} % genomförd";
        /// The last meeting.
        LastMeeting => "- Last meeting: {date} ({count} logged)", "- Senaste mötet: {date} ({count} loggade)";
        /// No meeting yet.
        NoMeeting => "- Last meeting: none logged", "- Senaste mötet: inget loggat";
        /// The toolkit.
        AgendaToolkit => "- Toolkit: {toolkit}", "- Verktygslåda: {toolkit}";
        /// Section: every meeting.
        SecEveryMeeting => "Every meeting (varje möte)", "Varje möte";
        /// Section: due.
        SecDue => "Due by frequency", "Aktuellt enligt frekvens";
        /// Nothing due.
        SecDueEmpty => "Nothing is due by its frequency.", "Inget ämne är aktuellt enligt sin frekvens.";
        /// Section: end of year.
        SecEndOfYear => "End of year (november–december)", "Årets slut (november–december)";
        /// End-of-year topics done.
        SecEndOfYearEmpty => "The end-of-year topics are already covered this year.",
            "Årets slutämnen är redan behandlade i år.";
        /// Section: whole-ST targets.
        SecTargets => "Whole-ST targets", "Mål för hela ST";
        /// Head of the targets table.
        TargetsHead => "| Target | Done | Expected by now | Per ST | Next expected by | Status |",
            "| Mål | Gjort | Förväntat hittills | Per ST | Nästa senast | Status |";
        /// A target behind.
        Overdue => " — **overdue**", " — **försenat**";
        /// Section: coming up.
        SecUpcoming => "Coming up (within {days} days)", "Kommande (inom {days} dagar)";
        /// Nothing coming up.
        SecUpcomingEmpty => "Nothing else comes due in that time.", "Inget annat blir aktuellt under den tiden.";
        /// Section: as needed.
        SecAsNeeded => "As needed (optional)", "Vid behov (frivilligt)";
        /// Section: notes.
        SecNotes => "Notes", "Anmärkningar";
        /// Note: after the planned end.
        NoteAfterEnd => "The date is after the planned ST end {end}; update `st.planned_end` if the ST was extended.",
            "Datumet är efter planerat ST-slut {end}; ändra `st.planned_end` om ST har förlängts.";
        /// Note: no meeting.
        NoteNoMeeting => "No meeting is logged on or before this date.",
            "Inget möte är loggat på eller före detta datum.";
        /// Note: how "regelbundet" is read.
        NoteRegularly => "\"Regelbundet\" (regularly) is taken as every {months} months.",
            "\"Regelbundet\" räknas som var {months}:e månad.";
        /// Doubt about a frequency.
        Doubt => " (frequency reading: {confidence} confidence)", " (frekvensen osäker: {confidence})";
        /// Last covered.
        LastCovered => "last covered {date}", "senast behandlat {date}";
        /// Never covered.
        NeverCovered => "never covered", "aldrig behandlat";
        /// An end-of-year topic due.
        WhyEndOfYear => "{frequency}; not yet covered since {since}", "{frequency}; ej behandlat sedan {since}";
        /// A covered topic due.
        WhyDue => "{frequency}; {covered}, due since {since}", "{frequency}; {covered}, aktuellt sedan {since}";
        /// A never-covered topic due.
        WhyDueNever => "{frequency}; {covered}, due since {since} (counted from the ST start)",
            "{frequency}; {covered}, aktuellt sedan {since} (räknat från ST-start)";
        /// A topic not due yet.
        WhyNotDue => "{frequency}; {covered}, next due {next}", "{frequency}; {covered}, nästa gång {next}";
        /// A topic not due yet, also as needed.
        WhyAlsoAsNeeded => "{frequency}; {covered}, next due {next}; also as needed",
            "{frequency}; {covered}, nästa gång {next}; även vid behov";

        // ---- commitments -------------------------------------------------------------------
        /// Title of the commitments report.
        CommitmentsTitle => "# Commitments — {st} — as of {date}\n", "# Åtaganden — {st} — per {date}\n";
        /// Where the criteria and the whole-ST targets come from.
        CommitmentsSources => "- Criteria: catalog {catalog}; whole-ST targets: toolkit {toolkit}\n",
            "- Kriterier: katalog {catalog}; mål för hela ST: verktygslåda {toolkit}\n";
        /// Head of the summary table.
        CommitmentsHead => "| Commitment | Target | Period | Actual | Status | Evidences |",
            "| Åtagande | Mål | Period | Utfall | Status | Belägg |";
        /// Before the evidenced criteria.
        Evidences => "Evidences:\n", "Belägg:\n";
        /// A criterion the catalog lacks.
        NotInCatalog => "(not in the catalog)", "(finns inte i katalogen)";
        /// Head of a commitment's periods.
        PeriodsHead => "| Period | Dates | Target | Actual | Expected by now | Status | Detail |",
            "| Period | Datum | Mål | Utfall | Förväntat hittills | Status | Underlag |";
        /// How the status is decided.
        Rule => "\nRule: {rule}", "\nRegel: {rule}";
        /// Section: assumptions.
        Assumptions => "\n## Assumptions\n", "\n## Antaganden\n";
        /// A weekly target in minutes.
        MinutesTarget => "≥ {n} min/week", "≥ {n} min/vecka";
        /// A weekly average in minutes.
        MinutesActual => "{n} min/week", "{n} min/vecka";
        /// Nominal target per calendar year.
        PerYear => "≥ {n} per calendar year", "≥ {n} per kalenderår";
        /// Nominal target per termin.
        PerTermin => "≥ {n} per termin", "≥ {n} per termin";
        /// Nominal target per week.
        PerWeek => "≥ {n} per week", "≥ {n} per vecka";
        /// Nominal target in minutes per week.
        PerWeekMinutes => "≥ {n} min per week, averaged over the termin",
            "≥ {n} min per vecka, i snitt över terminen";
        /// Nominal target for the whole ST.
        PerSt => "{n} per ST", "{n} under ST";
        /// A whole-ST event's name with its count.
        TimesDuringSt => "{name} {n} times during the ST", "{name} {n} gånger under ST";
        /// The rule of a count per period.
        RuleCount => "met: the target is reached in the period; on track: not yet, the period is running and the count is at or ahead of an even pace (⌊target × share of the period elapsed⌋); at risk: behind that pace with the period still running; missed: the period ended short.",
            "uppfyllt: målet är nått i perioden; i fas: inte än, men perioden pågår och antalet ligger i nivå med eller före en jämn takt (⌊mål × andel av perioden som gått⌋); i riskzonen: efter den takten medan perioden pågår; ej uppnått: perioden slutade under målet.";
        /// The rule of a whole-ST count.
        RuleMilestone => "met: the count is reached; on track: at or ahead of the milestones (the i-th of n is expected by i/(n+1) of the planned ST); at risk: behind the milestones with the ST still running; missed: the planned end passed short.",
            "uppfyllt: antalet är nått; i fas: i nivå med eller före delmålen i tiden (det i:te av n förväntas vid i/(n+1) av planerad ST); i riskzonen: efter delmålen medan ST pågår; ej uppnått: planerat slut passerat under målet.";
        /// The rule of minutes per week.
        RuleRate => "actual = logged meeting minutes in the termin so far ÷ weeks elapsed (days ÷ 7), rounded down. met: the termin's total ({w} min × its weeks) is reached; on track: at least {w} min × the complete weeks elapsed; at risk: behind, but catching up needs at most {factor} × {w} min a week for the rest of the termin; missed: the termin ended short, or catching up would need more than that.",
            "utfall = loggade mötesminuter i terminen hittills ÷ förflutna veckor (dagar ÷ 7), avrundat nedåt. uppfyllt: terminens summa ({w} min × dess veckor) är nådd; i fas: minst {w} min × de hela veckor som gått; i riskzonen: efter, men att komma ikapp kräver högst {factor} × {w} min i veckan resten av terminen; ej uppnått: terminen slutade under målet, eller att komma ikapp skulle kräva mer än så.";
        /// Assumption: the terms.
        AssumeTerms => "Terms: VT (spring) 1 January–30 June, HT (autumn) 1 July–31 December.",
            "Terminer: VT 1 januari–30 juni, HT 1 juli–31 december.";
        /// Assumption: prorated targets.
        AssumeProrated => "A year or termin only partly inside the ST has its target prorated by the days inside the ST, rounded up.",
            "Ett år eller en termin som bara delvis ligger inom ST får sitt mål proportionerat efter dagarna inom ST, avrundat uppåt.";
        /// Assumption: the as-of date.
        AssumeAsOf => "Only log entries on or before the as-of date count.",
            "Bara loggposter på eller före datumet räknas.";
        /// Assumption: averaged supervision time.
        AssumeAveraged => "Supervision time is averaged over the termin so far; catching up at more than {factor} × the weekly target is taken as not possible.",
            "Handledningstiden räknas som medelvärde över terminen hittills; att komma ikapp med mer än {factor} × veckomålet räknas som inte möjligt.";
        /// Assumption: milestones.
        AssumeMilestones => "Whole-ST events are expected at i/(n+1) of the planned ST (milestones).",
            "Händelser för hela ST förväntas vid i/(n+1) av planerad ST (delmål i tiden).";
        /// Detail: no IUP revision.
        NoRevision => "no revision logged", "ingen revidering loggad";
        /// Detail: IUP revisions.
        Revised => "revised {dates}", "reviderad {dates}";
        /// Detail: no assessment.
        NoAssessment => "no assessment logged", "ingen bedömning loggad";
        /// Detail fragment: linked to a delmål.
        LinkedToDelmal => " linked to a delmål", " kopplade till ett delmål";
        /// Detail fragment: `n of m`.
        Of => " of ", " av ";
        /// Detail fragment: meetings.
        Meetings => " meetings, ", " möten, ";
        /// Detail fragment: one meeting.
        Meeting => " meeting, ", " möte, ";
        /// Detail fragment: minutes in.
        MinutesIn => " min in ", " min på ";
        /// Detail fragment: what the termin needs.
        WeeksNeeds => " weeks; the termin needs ", " veckor; terminen kräver ";
        /// Detail fragment: nothing logged.
        NoneLogged => "none logged", "inget loggat";
        /// Detail fragment: the next milestone.
        NextExpectedBy => "; next expected by ", "; nästa förväntas senast ";
    }
}
