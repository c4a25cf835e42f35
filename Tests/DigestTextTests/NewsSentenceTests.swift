import DigestText
import Testing

/// Sentence boundaries in news copy, beyond the Golden Rules: titles and ranks, states,
/// money and times, quotes, datelines, glued sentences, and scripts other than Latin.
@Suite struct NewsSentenceTests {
    static let cases: [(String, [String])] = [
        // Titles, ranks and names.
        ("Lt. Col. Haddad briefed reporters. Questions followed.", ["Lt. Col. Haddad briefed reporters.", "Questions followed."]),
        ("Gov. Reyes signed the bill. Rep. Kim voted against it.", ["Gov. Reyes signed the bill.", "Rep. Kim voted against it."]),
        ("Sgt. Maj. Olsen retired. He served 30 years.", ["Sgt. Maj. Olsen retired.", "He served 30 years."]),
        ("Adm. Vance and Capt. Ibe toured the port. Both declined to comment.", ["Adm. Vance and Capt. Ibe toured the port.", "Both declined to comment."]),
        ("The Rev. Anna Holt led the service. Hundreds came.", ["The Rev. Anna Holt led the service.", "Hundreds came."]),
        ("Prof. M. K. Osei published the data. Critics disagreed.", ["Prof. M. K. Osei published the data.", "Critics disagreed."]),
        ("Ms. Dahl, 54, was re-elected. Her rival conceded.", ["Ms. Dahl, 54, was re-elected.", "Her rival conceded."]),
        ("Martin Luther King Jr. Day is a holiday. Offices close.", ["Martin Luther King Jr. Day is a holiday.", "Offices close."]),
        ("The letter was signed by Paul Okoye Jr. He is the treasurer.", ["The letter was signed by Paul Okoye Jr.", "He is the treasurer."]),
        ("St. Louis beat Mt. Vernon 3-1. The fans cheered.", ["St. Louis beat Mt. Vernon 3-1.", "The fans cheered."]),
        // Countries, states and datelines.
        ("The U.K. and the U.S. signed the pact. Talks took a year.", ["The U.K. and the U.S. signed the pact.", "Talks took a year."]),
        ("She moved to Salem, Ore. The house was cheap.", ["She moved to Salem, Ore.", "The house was cheap."]),
        ("ST. PAUL, Minn. (AP) — Snow closed schools. Buses stayed home.", ["ST. PAUL, Minn. (AP) — Snow closed schools.", "Buses stayed home."]),
        ("WASHINGTON, D.C. (Reuters) - The Senate adjourned. It returns Monday.", ["WASHINGTON, D.C. (Reuters) - The Senate adjourned.", "It returns Monday."]),
        ("MOSCOW, June 20 (Reuters) - Russia said talks would resume. Kyiv did not comment.", ["MOSCOW, June 20 (Reuters) - Russia said talks would resume.", "Kyiv did not comment."]),
        ("The firm is based in Newark, N.J. Its chief executive resigned.", ["The firm is based in Newark, N.J.", "Its chief executive resigned."]),
        ("The E.U. fined the company. The U.N. welcomed it.", ["The E.U. fined the company.", "The U.N. welcomed it."]),
        // Numbers, money, dates and times.
        ("Inflation fell to 2.4% in May. Economists expected 2.6%.", ["Inflation fell to 2.4% in May.", "Economists expected 2.6%."]),
        ("The bill costs $1.2 billion. Taxpayers will pay.", ["The bill costs $1.2 billion.", "Taxpayers will pay."]),
        ("Shares closed at €12.50. They had opened at €11.", ["Shares closed at €12.50.", "They had opened at €11."]),
        ("The vote is on Oct. 3. Polls open at 7 a.m.", ["The vote is on Oct. 3.", "Polls open at 7 a.m."]),
        ("The match starts at 8 p.m. It will be televised.", ["The match starts at 8 p.m.", "It will be televised."]),
        ("Doors open at 6:30 p.m. Eastern on Friday.", ["Doors open at 6:30 p.m. Eastern on Friday."]),
        ("The quake struck at 4 a.m. local time. No one was hurt.", ["The quake struck at 4 a.m. local time.", "No one was hurt."]),
        ("Version 2.0.1 fixes the bug. Update now.", ["Version 2.0.1 fixes the bug.", "Update now."]),
        ("The report is on pp. 14-16. Read it.", ["The report is on pp. 14-16.", "Read it."]),
        ("He wore No. 23. The club retired it.", ["He wore No. 23.", "The club retired it."]),
        ("Temperatures hit 41.5 degrees. Records fell.", ["Temperatures hit 41.5 degrees.", "Records fell."]),
        ("It happened in 1989. Few remember.", ["It happened in 1989.", "Few remember."]),
        // Companies.
        ("Globex Corp. reported a loss. Its shares fell.", ["Globex Corp. reported a loss.", "Its shares fell."]),
        ("The deal values Initech Ltd. at £3bn. Analysts were surprised.", ["The deal values Initech Ltd. at £3bn.", "Analysts were surprised."]),
        ("Bids came from Acme Co. and Hooli Inc. The board chose Hooli.", ["Bids came from Acme Co. and Hooli Inc.", "The board chose Hooli."]),
        ("Warner Bros. announced a sequel. Filming starts in spring.", ["Warner Bros. announced a sequel.", "Filming starts in spring."]),
        // Quotes and brackets.
        ("\"It is over,\" he said. \"We lost.\"", ["\"It is over,\" he said.", "\"We lost.\""]),
        ("“We will rebuild,” the mayor said. “Every house.”", ["“We will rebuild,” the mayor said.", "“Every house.”"]),
        ("She asked, \"Why now?\" Nobody answered.", ["She asked, \"Why now?\"", "Nobody answered."]),
        ("The law (passed in 2019.) was repealed. Few objected.", ["The law (passed in 2019.) was repealed.", "Few objected."]),
        ("He called it ‘a disgrace.’ Then he left.", ["He called it ‘a disgrace.’", "Then he left."]),
        ("Officials said (without evidence) that it worked. Tests showed otherwise.", ["Officials said (without evidence) that it worked.", "Tests showed otherwise."]),
        // Question and exclamation marks.
        ("What happens next?! Nobody knows.", ["What happens next?!", "Nobody knows."]),
        ("Really?? Yes.", ["Really??", "Yes."]),
        ("The vote was close; the mayor won. Turnout was low.", ["The vote was close; the mayor won.", "Turnout was low."]),
        ("Goal! The stadium erupted.", ["Goal!", "The stadium erupted."]),
        ("Is it safe? experts are unsure.", ["Is it safe? experts are unsure."]),
        // Web addresses and e-mail.
        ("Details are at www.example.org. Registration closes Friday.", ["Details are at www.example.org.", "Registration closes Friday."]),
        ("Write to press@example.com. Replies take a week.", ["Write to press@example.com.", "Replies take a week."]),
        ("See https://example.org/a.b.html for the list. It is long.", ["See https://example.org/a.b.html for the list.", "It is long."]),
        // Ellipses and dashes.
        ("The minister paused... then resigned. Nobody was surprised.", ["The minister paused... then resigned.", "Nobody was surprised."]),
        ("Wait for it… The result is in.", ["Wait for it…", "The result is in."]),
        ("It was close - very close. The recount starts today.", ["It was close - very close.", "The recount starts today."]),
        // Glued sentences (copy from two paragraphs without a space).
        ("Shelling continued along the front line.Ukraine's army said it held.", ["Shelling continued along the front line.", "Ukraine's army said it held."]),
        ("The market rallied.Investors cheered the news.", ["The market rallied.", "Investors cheered the news."]),
        ("Was it planned?Officials would not say.", ["Was it planned?", "Officials would not say."]),
        ("The U.S.Army unit left.", ["The U.S.Army unit left."]),
        // Cyrillic, Greek and CJK.
        ("Совет одобрил бюджет. Голосование прошло в пятницу.", ["Совет одобрил бюджет.", "Голосование прошло в пятницу."]),
        ("Заседание началось в 10 ч. утра. Депутаты спорили.", ["Заседание началось в 10 ч. утра.", "Депутаты спорили."]),
        ("В. В. Петренко выступил первым. Потом был перерыв.", ["В. В. Петренко выступил первым.", "Потом был перерыв."]),
        ("Рада ухвалила закон! Опозиція проти.", ["Рада ухвалила закон!", "Опозиція проти."]),
        ("Η βουλή ψήφισε. Ποιος αντέδρασε\u{037E} Κανείς.", ["Η βουλή ψήφισε.", "Ποιος αντέδρασε\u{037E}", "Κανείς."]),
        ("市议会通过了预算。投票在周五进行。", ["市议会通过了预算。", "投票在周五进行。"]),
        ("雨が降った。明日は晴れるだろうか？ たぶん。", ["雨が降った。", "明日は晴れるだろうか？", "たぶん。"]),
        ("「終わった。」と彼は言った。", ["「終わった。」", "と彼は言った。"]),
        ("He said so. 그는 떠났다. Then silence.", ["He said so.", "그는 떠났다.", "Then silence."]),
    ]

    @Test("news copy is cut where a reader would cut it", arguments: cases)
    func splits(_ input: String, _ expected: [String]) {
        #expect(SentenceSplitter().split(input) == expected)
    }

    static let datelines: [(String, String?, String)] = [
        ("MOSCOW, June 20 (Reuters) - Russia said talks would resume.", "MOSCOW, June 20 (Reuters)", "Russia said talks would resume."),
        ("ST. PAUL, Minn. (AP) — Snow closed schools.", "ST. PAUL, Minn. (AP)", "Snow closed schools."),
        ("BERLIN (dpa) - Der Bundestag tagt.", "BERLIN (dpa)", "Der Bundestag tagt."),
        ("KYIV, Ukraine — Air raid sirens sounded.", "KYIV, Ukraine", "Air raid sirens sounded."),
        ("WILKES-BARRE, Pa. -- A bridge closed.", "WILKES-BARRE, Pa.", "A bridge closed."),
        ("Moscow, June 20 (IANS) The ministry said 61 drones were downed.", "Moscow, June 20 (IANS)", "The ministry said 61 drones were downed."),
        ("The president (AP) said no.", nil, "The president (AP) said no."),
        ("Prices rose — again — in May.", nil, "Prices rose — again — in May."),
        ("NATO said on Monday it would act.", nil, "NATO said on Monday it would act."),
        ("The U.S. - China talks ended.", nil, "The U.S. - China talks ended."),
    ]

    @Test("a wire dateline is recognised and can be taken off; ordinary dashes are not datelines", arguments: datelines)
    func dateline(_ input: String, _ dateline: String?, _ rest: String) {
        let split = Dateline.split(input)
        #expect(split.dateline == dateline)
        #expect(split.rest == rest)
    }
}
