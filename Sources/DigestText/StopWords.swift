/// Function words that carry no topic, per language, as data.
///
/// Assembled for this project from each language's articles, pronouns, auxiliaries,
/// prepositions and conjunctions: for the languages Snowball stems (en, de, fr, es, ru, it, pt,
/// nl, ar, el, hi) the same classes the Snowball project's stop lists cover; for Polish and
/// Ukrainian, which Snowball does not stem, after the closed word classes of their grammars.
/// They are used to weight terms and to guess a text's language, not to censor text.
public enum StopWords {
    /// ISO 639-1 code → stop words, lower-case.
    public static let lists: [String: Set<String>] = [
        "en": Set("""
            a about above after again against all am an and any are as at be because been before being below between both but by
            can could did do does doing down during each few for from further had has have having he her here hers herself him
            himself his how i if in into is it it's its itself just me more most my myself no nor not now of off on once only or
            other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
            there these they this those through to too under until up very was we were what when where which while who whom why
            will with would you your yours yourself yourselves said says also its may might must shall one two new
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "de": Set("""
            aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei bin bis
            bist da damit dann das dass dein deine dem den denn der des dessen deshalb die dies diese diesem diesen dieser dieses
            doch dort du durch ein eine einem einen einer eines er es etwas euch euer eure für gegen gewesen hab habe haben hat
            hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden jeder jedes jetzt kann
            kein keine können könnte machen man manche mein meine mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr
            sein seine seinem seinen seiner sich sie sind so solche soll sollte sondern sonst über um und uns unser unter viel vom
            von vor war waren warst was weg weil weiter welche wenn werde werden wie wieder will wir wird wirst wo wollen wurde
            wurden zu zum zur zwar zwischen
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "fr": Set("""
            au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos notre
            nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été
            était étaient est sont être avoir ont a avait avaient cette cet ceux plus comme aussi tout tous fait faire selon sans
            sous entre après avant depuis lors dont où si non
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "es": Set("""
            a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en
            entre era eran es esa esas ese eso esos esta estaba estado estas este esto estos fue fueron ha han hasta hay la las le
            les lo los más me mi mis mucho muy nada ni no nos nosotros o os otra otros para pero poco por porque que quien se sea
            ser si sido sin sobre son su sus también tanto te tiene tienen todo todos tu un una uno unos y ya yo según tras
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "ru": Set("""
            а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ее её если есть
            еще ещё же за здесь и из или им их к как когда кто ли либо мне может мы на над надо наш не него нее неё нет ни них но
            ну о об однако он она они оно от очень по под после при про с со так также такой там те тем то того тоже той только
            том ты у уже хотя чего чей чем что чтобы чье чья эта эти это этого этой этом этот я заявил сообщил словам
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "uk": Set("""
            а але без би був була були було бути в вам вас весь від він вона вони воно все всі де для до же з за зі і із й їх її
            їй його йому к коли котрий котра котре котрі ми мене мені мій на над не неї нема немає ні них ну о об однак от по під
            після при про с та так також там те теж ти то тобто тому тут у уже хоча це цей ця ці цього цим чи що щоб як який яка
            які якщо я заявив повідомив
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "it": Set("""
            a ad al alla alle allo agli ai anche avere aveva avevano che chi ci come con contro cui da dal dalla dalle dai degli
            dei del della delle dello di dove e ed è era erano essere gli ha hanno ho i il in io la le lei li lo loro lui ma mi
            ne nei nel nella nelle noi non o per perché più quale quando quella quelle quello questa queste questo se sei si
            sia siamo sono su sua sue sui sul sulla suo suoi tra tu un una uno vi voi secondo stato stata dopo ancora già
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "pt": Set("""
            a ao aos as às até com como da das de dela dele deles do dos e é ela elas ele eles em entre era eram essa esse esta
            está este eu foi foram há isso isto já lhe mais mas me mesmo meu minha muito na nas não nem no nos nós num numa o os
            ou para pela pelas pelo pelos por qual quando que quem se sem ser seu seus só sua suas também te tem têm um uma umas
            uns você segundo sobre após ainda
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "nl": Set("""
            aan al als bij dan dat de der des deze die dit doch door dus een en er ge geen had heb hebben heeft hem het hier hij
            hoe hun ik in is ja je kan kon maar me meer men met mij mijn na naar niet niets nog nu of om omdat onder ons ook op
            over te tegen toch toen tot u uit van veel voor want was waren wat we wel werd wie wij wordt worden zal ze zei zelf
            zich zij zijn zo zonder zou volgens
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "pl": Set("""
            a aby ale bez by był była było byli być co czy dla do go gdy i ich im jak jako je jego jej jest jeszcze już ku ma
            mi może na nad nie nich nim o od oraz po pod przez przy się są ta tak także te tego tej ten to tu ty tym w we wraz
            z za ze że który która które którzy według lub oraz został została zostały
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "ar": Set("""
            في من على إلى عن مع هذا هذه ذلك تلك التي الذي الذين هو هي هم كان كانت يكون أن إن أو ثم لا لم لن ما قد كل بين بعد
            قبل حتى عند أي كما أيضا وقال قال وفي ومن وهو وهي إلا بل غير منذ حيث لكن
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "el": Set("""
            ο η το οι τα του της των τον την τους τις και να σε στο στη στην στον στα στους με για από που ως είναι ήταν θα
            δεν μη μην αλλά ή ότι αυτό αυτή αυτός αυτά αυτών ένα ένας μία μια κατά μετά πριν όπως όταν επίσης έχει έχουν
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "hi": Set("""
            का की के को में से पर ने और या है हैं था थी थे हो होता होती होने कि यह वह ये वे इस उस इन उन एक भी तो ही जो तक
            लिए साथ बाद पहले कहा गया गई गए कर करने किया रहा रही रहे नहीं अपने अपनी द्वारा
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
    ]

    /// Whether `word` (lower-case) is a stop word of `language`.
    public static func contains(_ word: String, language: String) -> Bool {
        lists[language]?.contains(word) ?? false
    }

    /// The language whose stop words make up the largest share of `words`, when that share is
    /// convincing (at least 15 % and three words); nil for texts too short or too foreign to tell.
    public static func guessLanguage(_ words: [String]) -> String? {
        guard words.count >= 5 else { return nil }
        // One lookup a word: the languages each stop word belongs to, by their place in `codes`.
        var hits = [Int](repeating: 0, count: codes.count)
        for word in words {
            for language in languagesOfWord[word] ?? [] { hits[language] += 1 }
        }
        // The most hits; ties go to the first code in alphabetical order.
        guard let best = hits.indices.max(by: { hits[$0] < hits[$1] || (hits[$0] == hits[$1] && $0 > $1) }),
              hits[best] >= 3, Double(hits[best]) / Double(words.count) >= 0.15 else { return nil }
        return codes[best]
    }

    /// The languages' codes in alphabetical order.
    private static let codes = lists.keys.sorted()

    /// Each stop word's languages, as places in `codes`.
    private static let languagesOfWord: [String: [Int]] = {
        var table: [String: [Int]] = [:]
        for (place, code) in codes.enumerated() {
            for word in lists[code]! { table[word, default: []].append(place) }
        }
        return table
    }()
}
