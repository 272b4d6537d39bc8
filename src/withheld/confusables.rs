//! Made by confusables.py (read it for how): characters that look like
//! Latin letters, per Unicode's confusables data, and the letters they look like.

pub(super) static CONFUSABLES: [(char, &str); 810] = [
    ('\u{a2}', "c"),     // cent sign
    ('\u{a5}', "y"),     // yen sign
    ('\u{c6}', "ae"),    // latin capital letter ae
    ('\u{d0}', "d"),     // latin capital letter eth
    ('\u{d7}', "x"),     // multiplication sign
    ('\u{d8}', "o"),     // latin capital letter o with stroke
    ('\u{e6}', "ae"),    // latin small letter ae
    ('\u{f8}', "o"),     // latin small letter o with stroke
    ('\u{fe}', "p"),     // latin small letter thorn
    ('\u{110}', "d"),    // latin capital letter d with stroke
    ('\u{111}', "d"),    // latin small letter d with stroke
    ('\u{126}', "h"),    // latin capital letter h with stroke
    ('\u{127}', "h"),    // latin small letter h with stroke
    ('\u{131}', "i"),    // latin small letter dotless i
    ('\u{141}', "l"),    // latin capital letter l with stroke
    ('\u{142}', "l"),    // latin small letter l with stroke
    ('\u{14b}', "n"),    // latin small letter eng
    ('\u{152}', "oe"),   // latin capital ligature oe
    ('\u{153}', "oe"),   // latin small ligature oe
    ('\u{166}', "t"),    // latin capital letter t with stroke
    ('\u{167}', "t"),    // latin small letter t with stroke
    ('\u{180}', "b"),    // latin small letter b with stroke
    ('\u{182}', "b"),    // latin capital letter b with topbar
    ('\u{183}', "b"),    // latin small letter b with topbar
    ('\u{184}', "b"),    // latin capital letter tone six
    ('\u{189}', "d"),    // latin capital letter african d
    ('\u{18c}', "d"),    // latin small letter d with topbar
    ('\u{18d}', "g"),    // latin small letter turned delta
    ('\u{191}', "f"),    // latin capital letter f with hook
    ('\u{192}', "f"),    // latin small letter f with hook
    ('\u{196}', "i"),    // latin capital letter iota
    ('\u{197}', "i"),    // latin capital letter i with stroke
    ('\u{199}', "k"),    // latin small letter k with hook
    ('\u{19a}', "l"),    // latin small letter l with bar
    ('\u{19d}', "n"),    // latin capital letter n with left hook
    ('\u{19e}', "n"),    // latin small letter n with long right leg
    ('\u{19f}', "o"),    // latin capital letter o with middle tilde
    ('\u{1a5}', "p"),    // latin small letter p with hook
    ('\u{1a6}', "r"),    // latin letter yr
    ('\u{1ad}', "t"),    // latin small letter t with hook
    ('\u{1ae}', "t"),    // latin capital letter t with retroflex hook
    ('\u{1b4}', "y"),    // latin small letter y with hook
    ('\u{1b5}', "z"),    // latin capital letter z with stroke
    ('\u{1b6}', "z"),    // latin small letter z with stroke
    ('\u{1bd}', "s"),    // latin small letter tone five
    ('\u{1bf}', "p"),    // latin letter wynn
    ('\u{1c0}', "l"),    // latin letter dental click
    ('\u{1c1}', "ll"),   // latin letter lateral click
    ('\u{1e4}', "g"),    // latin capital letter g with stroke
    ('\u{1e5}', "g"),    // latin small letter g with stroke
    ('\u{1fe}', "o"),    // latin capital letter o with stroke and acute
    ('\u{224}', "z"),    // latin capital letter z with hook
    ('\u{225}', "z"),    // latin small letter z with hook
    ('\u{23c}', "c"),    // latin small letter c with stroke
    ('\u{23e}', "t"),    // latin capital letter t with diagonal stroke
    ('\u{244}', "u"),    // latin capital letter u bar
    ('\u{246}', "e"),    // latin capital letter e with stroke
    ('\u{247}', "e"),    // latin small letter e with stroke
    ('\u{248}', "j"),    // latin capital letter j with stroke
    ('\u{249}', "j"),    // latin small letter j with stroke
    ('\u{24d}', "r"),    // latin small letter r with stroke
    ('\u{24e}', "y"),    // latin capital letter y with stroke
    ('\u{24f}', "y"),    // latin small letter y with stroke
    ('\u{251}', "a"),    // latin small letter alpha
    ('\u{253}', "b"),    // latin small letter b with hook
    ('\u{256}', "d"),    // latin small letter d with tail
    ('\u{257}', "d"),    // latin small letter d with hook
    ('\u{260}', "g"),    // latin small letter g with hook
    ('\u{261}', "g"),    // latin small letter script g
    ('\u{263}', "y"),    // latin small letter gamma
    ('\u{266}', "h"),    // latin small letter h with hook
    ('\u{268}', "i"),    // latin small letter i with stroke
    ('\u{269}', "i"),    // latin small letter iota
    ('\u{26a}', "i"),    // latin letter small capital i
    ('\u{26b}', "l"),    // latin small letter l with middle tilde
    ('\u{26d}', "l"),    // latin small letter l with retroflex hook
    ('\u{26f}', "w"),    // latin small letter turned m
    ('\u{271}', "rn"),   // latin small letter m with hook
    ('\u{273}', "n"),    // latin small letter n with retroflex hook
    ('\u{275}', "o"),    // latin small letter barred o
    ('\u{27c}', "r"),    // latin small letter r with long leg
    ('\u{27d}', "r"),    // latin small letter r with tail
    ('\u{282}', "s"),    // latin small letter s with hook
    ('\u{28b}', "u"),    // latin small letter v with hook
    ('\u{28f}', "y"),    // latin letter small capital y
    ('\u{290}', "z"),    // latin small letter z with retroflex hook
    ('\u{2a0}', "q"),    // latin small letter q with hook
    ('\u{2a3}', "dz"),   // latin small letter dz digraph
    ('\u{2a6}', "ts"),   // latin small letter ts digraph
    ('\u{2a9}', "fn"),   // latin small letter feng digraph
    ('\u{2aa}', "ls"),   // latin small letter ls digraph
    ('\u{2ab}', "lz"),   // latin small letter lz digraph
    ('\u{2db}', "i"),    // ogonek
    ('\u{37a}', "i"),    // greek ypogegrammeni
    ('\u{37f}', "j"),    // greek capital letter yot
    ('\u{391}', "a"),    // greek capital letter alpha
    ('\u{392}', "b"),    // greek capital letter beta
    ('\u{395}', "e"),    // greek capital letter epsilon
    ('\u{396}', "z"),    // greek capital letter zeta
    ('\u{397}', "h"),    // greek capital letter eta
    ('\u{398}', "o"),    // greek capital letter theta
    ('\u{399}', "i"),    // greek capital letter iota
    ('\u{39a}', "k"),    // greek capital letter kappa
    ('\u{39c}', "m"),    // greek capital letter mu
    ('\u{39d}', "n"),    // greek capital letter nu
    ('\u{39f}', "o"),    // greek capital letter omicron
    ('\u{3a1}', "p"),    // greek capital letter rho
    ('\u{3a4}', "t"),    // greek capital letter tau
    ('\u{3a5}', "y"),    // greek capital letter upsilon
    ('\u{3a7}', "x"),    // greek capital letter chi
    ('\u{3b1}', "a"),    // greek small letter alpha
    ('\u{3b3}', "y"),    // greek small letter gamma
    ('\u{3b7}', "n"),    // greek small letter eta
    ('\u{3b8}', "o"),    // greek small letter theta
    ('\u{3b9}', "i"),    // greek small letter iota
    ('\u{3bd}', "v"),    // greek small letter nu
    ('\u{3bf}', "o"),    // greek small letter omicron
    ('\u{3c1}', "p"),    // greek small letter rho
    ('\u{3c3}', "o"),    // greek small letter sigma
    ('\u{3c5}', "u"),    // greek small letter upsilon
    ('\u{3d1}', "o"),    // greek theta symbol
    ('\u{3d2}', "y"),    // greek upsilon with hook symbol
    ('\u{3dc}', "f"),    // greek letter digamma
    ('\u{3ed}', "o"),    // coptic small letter shima
    ('\u{3f1}', "p"),    // greek rho symbol
    ('\u{3f2}', "c"),    // greek lunate sigma symbol
    ('\u{3f3}', "j"),    // greek letter yot
    ('\u{3f4}', "o"),    // greek capital theta symbol
    ('\u{3f8}', "p"),    // greek small letter sho
    ('\u{3f9}', "c"),    // greek capital lunate sigma symbol
    ('\u{3fa}', "m"),    // greek capital letter san
    ('\u{405}', "s"),    // cyrillic capital letter dze
    ('\u{406}', "i"),    // cyrillic capital letter byelorussian-ukrainian i
    ('\u{408}', "j"),    // cyrillic capital letter je
    ('\u{410}', "a"),    // cyrillic capital letter a
    ('\u{411}', "b"),    // cyrillic capital letter be
    ('\u{412}', "b"),    // cyrillic capital letter ve
    ('\u{415}', "e"),    // cyrillic capital letter ie
    ('\u{41a}', "k"),    // cyrillic capital letter ka
    ('\u{41c}', "m"),    // cyrillic capital letter em
    ('\u{41d}', "h"),    // cyrillic capital letter en
    ('\u{41e}', "o"),    // cyrillic capital letter o
    ('\u{420}', "p"),    // cyrillic capital letter er
    ('\u{421}', "c"),    // cyrillic capital letter es
    ('\u{422}', "t"),    // cyrillic capital letter te
    ('\u{423}', "y"),    // cyrillic capital letter u
    ('\u{425}', "x"),    // cyrillic capital letter ha
    ('\u{42b}', "bl"),   // cyrillic capital letter yeru
    ('\u{42c}', "b"),    // cyrillic capital letter soft sign
    ('\u{42e}', "lo"),   // cyrillic capital letter yu
    ('\u{430}', "a"),    // cyrillic small letter a
    ('\u{433}', "r"),    // cyrillic small letter ghe
    ('\u{435}', "e"),    // cyrillic small letter ie
    ('\u{43e}', "o"),    // cyrillic small letter o
    ('\u{440}', "p"),    // cyrillic small letter er
    ('\u{441}', "c"),    // cyrillic small letter es
    ('\u{443}', "y"),    // cyrillic small letter u
    ('\u{445}', "x"),    // cyrillic small letter ha
    ('\u{448}', "w"),    // cyrillic small letter sha
    ('\u{455}', "s"),    // cyrillic small letter dze
    ('\u{456}', "i"),    // cyrillic small letter byelorussian-ukrainian i
    ('\u{458}', "j"),    // cyrillic small letter je
    ('\u{45b}', "h"),    // cyrillic small letter tshe
    ('\u{45f}', "u"),    // cyrillic small letter dzhe
    ('\u{461}', "w"),    // cyrillic small letter omega
    ('\u{462}', "b"),    // cyrillic capital letter yat
    ('\u{463}', "b"),    // cyrillic small letter yat
    ('\u{472}', "o"),    // cyrillic capital letter fita
    ('\u{473}', "o"),    // cyrillic small letter fita
    ('\u{474}', "v"),    // cyrillic capital letter izhitsa
    ('\u{475}', "v"),    // cyrillic small letter izhitsa
    ('\u{47d}', "w"),    // cyrillic small letter omega with titlo
    ('\u{48c}', "b"),    // cyrillic capital letter semisoft sign
    ('\u{48d}', "b"),    // cyrillic small letter semisoft sign
    ('\u{493}', "r"),    // cyrillic small letter ghe with stroke
    ('\u{49a}', "k"),    // cyrillic capital letter ka with descender
    ('\u{49e}', "k"),    // cyrillic capital letter ka with stroke
    ('\u{4a2}', "h"),    // cyrillic capital letter en with descender
    ('\u{4aa}', "c"),    // cyrillic capital letter es with descender
    ('\u{4ab}', "c"),    // cyrillic small letter es with descender
    ('\u{4ac}', "t"),    // cyrillic capital letter te with descender
    ('\u{4ae}', "y"),    // cyrillic capital letter straight u
    ('\u{4af}', "y"),    // cyrillic small letter straight u
    ('\u{4b0}', "y"),    // cyrillic capital letter straight u with stroke
    ('\u{4b1}', "y"),    // cyrillic small letter straight u with stroke
    ('\u{4b2}', "x"),    // cyrillic capital letter ha with descender
    ('\u{4bb}', "h"),    // cyrillic small letter shha
    ('\u{4bd}', "e"),    // cyrillic small letter abkhasian che
    ('\u{4bf}', "e"),    // cyrillic small letter abkhasian che with descender
    ('\u{4c0}', "i"),    // cyrillic letter palochka
    ('\u{4c7}', "h"),    // cyrillic capital letter en with hook
    ('\u{4c9}', "h"),    // cyrillic capital letter en with tail
    ('\u{4cd}', "m"),    // cyrillic capital letter em with tail
    ('\u{4cf}', "l"),    // cyrillic small letter palochka
    ('\u{4d4}', "ae"),   // cyrillic capital ligature a ie
    ('\u{4d5}', "ae"),   // cyrillic small ligature a ie
    ('\u{4e8}', "o"),    // cyrillic capital letter barred o
    ('\u{4e9}', "o"),    // cyrillic small letter barred o
    ('\u{501}', "d"),    // cyrillic small letter komi de
    ('\u{50c}', "g"),    // cyrillic capital letter komi sje
    ('\u{51b}', "q"),    // cyrillic small letter qa
    ('\u{51c}', "w"),    // cyrillic capital letter we
    ('\u{51d}', "w"),    // cyrillic small letter we
    ('\u{54d}', "u"),    // armenian capital letter seh
    ('\u{54f}', "s"),    // armenian capital letter tiwn
    ('\u{555}', "o"),    // armenian capital letter oh
    ('\u{561}', "w"),    // armenian small letter ayb
    ('\u{563}', "q"),    // armenian small letter gim
    ('\u{566}', "q"),    // armenian small letter za
    ('\u{570}', "h"),    // armenian small letter ho
    ('\u{572}', "n"),    // armenian small letter ghad
    ('\u{578}', "n"),    // armenian small letter vo
    ('\u{57c}', "n"),    // armenian small letter ra
    ('\u{57d}', "u"),    // armenian small letter seh
    ('\u{581}', "g"),    // armenian small letter co
    ('\u{582}', "i"),    // armenian small letter yiwn
    ('\u{584}', "f"),    // armenian small letter keh
    ('\u{585}', "o"),    // armenian small letter oh
    ('\u{5c0}', "l"),    // hebrew punctuation paseq
    ('\u{5d5}', "l"),    // hebrew letter vav
    ('\u{5d8}', "v"),    // hebrew letter tet
    ('\u{5df}', "l"),    // hebrew letter final nun
    ('\u{5e1}', "o"),    // hebrew letter samekh
    ('\u{5f0}', "ll"),   // hebrew ligature yiddish double vav
    ('\u{625}', "l"),    // arabic letter alef with hamza below
    ('\u{627}', "l"),    // arabic letter alef
    ('\u{647}', "o"),    // arabic letter heh
    ('\u{661}', "l"),    // arabic-indic digit one
    ('\u{665}', "o"),    // arabic-indic digit five
    ('\u{667}', "v"),    // arabic-indic digit seven
    ('\u{673}', "l"),    // arabic letter alef with wavy hamza below
    ('\u{6be}', "o"),    // arabic letter heh doachashmee
    ('\u{6c1}', "o"),    // arabic letter heh goal
    ('\u{6d5}', "o"),    // arabic letter ae
    ('\u{6f1}', "l"),    // extended arabic-indic digit one
    ('\u{6f5}', "o"),    // extended arabic-indic digit five
    ('\u{6f7}', "v"),    // extended arabic-indic digit seven
    ('\u{6ff}', "o"),    // arabic letter heh with inverted v
    ('\u{7c0}', "o"),    // nko digit zero
    ('\u{7ca}', "l"),    // nko letter a
    ('\u{966}', "o"),    // devanagari digit zero
    ('\u{9e6}', "o"),    // bengali digit zero
    ('\u{a66}', "o"),    // gurmukhi digit zero
    ('\u{ae6}', "o"),    // gujarati digit zero
    ('\u{b20}', "o"),    // oriya letter ttha
    ('\u{b66}', "o"),    // oriya digit zero
    ('\u{be6}', "o"),    // tamil digit zero
    ('\u{c66}', "o"),    // telugu digit zero
    ('\u{ce6}', "o"),    // kannada digit zero
    ('\u{d1f}', "s"),    // malayalam letter tta
    ('\u{d20}', "o"),    // malayalam letter ttha
    ('\u{d66}', "o"),    // malayalam digit zero
    ('\u{e50}', "o"),    // thai digit zero
    ('\u{ed0}', "o"),    // lao digit zero
    ('\u{1004}', "c"),   // myanmar letter nga
    ('\u{1010}', "o"),   // myanmar letter ta
    ('\u{101d}', "o"),   // myanmar letter wa
    ('\u{1040}', "o"),   // myanmar digit zero
    ('\u{105a}', "c"),   // myanmar letter mon nga
    ('\u{10d7}', "o"),   // georgian letter tan
    ('\u{10e7}', "y"),   // georgian letter qar
    ('\u{10ff}', "o"),   // georgian letter labial sign
    ('\u{1200}', "u"),   // ethiopic syllable ha
    ('\u{12d0}', "o"),   // ethiopic syllable pharyngeal a
    ('\u{13a0}', "d"),   // cherokee letter a
    ('\u{13a1}', "r"),   // cherokee letter e
    ('\u{13a2}', "t"),   // cherokee letter i
    ('\u{13a5}', "i"),   // cherokee letter v
    ('\u{13a9}', "y"),   // cherokee letter gi
    ('\u{13aa}', "a"),   // cherokee letter go
    ('\u{13ab}', "j"),   // cherokee letter gu
    ('\u{13ac}', "e"),   // cherokee letter gv
    ('\u{13b3}', "w"),   // cherokee letter la
    ('\u{13b7}', "m"),   // cherokee letter lu
    ('\u{13bb}', "h"),   // cherokee letter mi
    ('\u{13bd}', "y"),   // cherokee letter mu
    ('\u{13be}', "o"),   // cherokee letter na
    ('\u{13c0}', "g"),   // cherokee letter nah
    ('\u{13c2}', "h"),   // cherokee letter ni
    ('\u{13c3}', "z"),   // cherokee letter no
    ('\u{13cc}', "u"),   // cherokee letter sa
    ('\u{13cf}', "b"),   // cherokee letter si
    ('\u{13d2}', "r"),   // cherokee letter sv
    ('\u{13d4}', "w"),   // cherokee letter ta
    ('\u{13d5}', "s"),   // cherokee letter de
    ('\u{13d9}', "v"),   // cherokee letter do
    ('\u{13da}', "s"),   // cherokee letter du
    ('\u{13de}', "l"),   // cherokee letter tle
    ('\u{13df}', "c"),   // cherokee letter tli
    ('\u{13e2}', "p"),   // cherokee letter tlv
    ('\u{13e6}', "k"),   // cherokee letter tso
    ('\u{13e7}', "d"),   // cherokee letter tsu
    ('\u{13eb}', "o"),   // cherokee letter wi
    ('\u{13f2}', "h"),   // cherokee letter yo
    ('\u{13f3}', "g"),   // cherokee letter yu
    ('\u{13f4}', "b"),   // cherokee letter yv
    ('\u{142f}', "v"),   // canadian syllabics pe
    ('\u{144c}', "u"),   // canadian syllabics te
    ('\u{146d}', "p"),   // canadian syllabics ki
    ('\u{146f}', "d"),   // canadian syllabics ko
    ('\u{1472}', "b"),   // canadian syllabics ka
    ('\u{1473}', "b"),   // canadian syllabics kaa
    ('\u{148d}', "j"),   // canadian syllabics co
    ('\u{14aa}', "l"),   // canadian syllabics ma
    ('\u{1541}', "x"),   // canadian syllabics sayisi yi
    ('\u{157c}', "h"),   // canadian syllabics nunavut h
    ('\u{157d}', "x"),   // canadian syllabics hk
    ('\u{1587}', "r"),   // canadian syllabics tlhi
    ('\u{15af}', "b"),   // canadian syllabics aivilik b
    ('\u{15b4}', "f"),   // canadian syllabics blackfoot we
    ('\u{15c5}', "a"),   // canadian syllabics carrier gho
    ('\u{15de}', "d"),   // canadian syllabics carrier the
    ('\u{15ea}', "d"),   // canadian syllabics carrier pe
    ('\u{15f0}', "m"),   // canadian syllabics carrier go
    ('\u{15f7}', "b"),   // canadian syllabics carrier khe
    ('\u{166d}', "x"),   // canadian syllabics chi sign
    ('\u{166e}', "x"),   // canadian syllabics full stop
    ('\u{16b7}', "x"),   // runic letter gebo gyfu g
    ('\u{16c1}', "l"),   // runic letter isaz is iss i
    ('\u{16d5}', "k"),   // runic letter open-p
    ('\u{16d6}', "m"),   // runic letter ehwaz eh e
    ('\u{17e0}', "o"),   // khmer digit zero
    ('\u{1d04}', "c"),   // latin letter small capital c
    ('\u{1d0f}', "o"),   // latin letter small capital o
    ('\u{1d11}', "o"),   // latin small letter sideways o
    ('\u{1d1c}', "u"),   // latin letter small capital u
    ('\u{1d20}', "v"),   // latin letter small capital v
    ('\u{1d21}', "w"),   // latin letter small capital w
    ('\u{1d22}', "z"),   // latin letter small capital z
    ('\u{1d26}', "r"),   // greek letter small capital gamma
    ('\u{1d6b}', "ue"),  // latin small letter ue
    ('\u{1d6e}', "f"),   // latin small letter f with middle tilde
    ('\u{1d6f}', "rn"),  // latin small letter m with middle tilde
    ('\u{1d70}', "n"),   // latin small letter n with middle tilde
    ('\u{1d72}', "r"),   // latin small letter r with middle tilde
    ('\u{1d74}', "s"),   // latin small letter s with middle tilde
    ('\u{1d75}', "t"),   // latin small letter t with middle tilde
    ('\u{1d76}', "z"),   // latin small letter z with middle tilde
    ('\u{1d78}', "h"),   // modifier letter cyrillic en
    ('\u{1d7b}', "i"),   // latin small capital letter i with stroke
    ('\u{1d7c}', "i"),   // latin small letter iota with stroke
    ('\u{1d7d}', "p"),   // latin small letter p with stroke
    ('\u{1d7e}', "u"),   // latin small capital letter u with stroke
    ('\u{1d83}', "g"),   // latin small letter g with palatal hook
    ('\u{1d8c}', "y"),   // latin small letter v with palatal hook
    ('\u{1da2}', "g"),   // modifier letter small script g
    ('\u{1e9a}', "a"),   // latin small letter a with right half ring
    ('\u{1e9d}', "f"),   // latin small letter long s with high stroke
    ('\u{1eff}', "y"),   // latin small letter y with loop
    ('\u{1fbe}', "i"),   // greek prosgegrammeni
    ('\u{2016}', "ll"),  // double vertical line
    ('\u{20a1}', "c"),   // colon sign
    ('\u{20a5}', "rn"),  // mill sign
    ('\u{20a9}', "w"),   // won sign
    ('\u{20ab}', "d"),   // dong sign
    ('\u{20ad}', "k"),   // kip sign
    ('\u{20ae}', "t"),   // tugrik sign
    ('\u{20b6}', "lt"),  // livre tournois sign
    ('\u{210f}', "h"),   // planck constant over two pi
    ('\u{212e}', "e"),   // estimated symbol
    ('\u{213d}', "y"),   // double-struck small gamma
    ('\u{221e}', "oo"),  // infinity
    ('\u{2223}', "l"),   // divides
    ('\u{2225}', "ll"),  // parallel to
    ('\u{2228}', "v"),   // logical or
    ('\u{222a}', "u"),   // union
    ('\u{2296}', "o"),   // circled minus
    ('\u{229d}', "o"),   // circled dash
    ('\u{22a4}', "t"),   // down tack
    ('\u{22c1}', "v"),   // n-ary logical or
    ('\u{22c3}', "u"),   // n-ary union
    ('\u{22ff}', "e"),   // z notation bag membership
    ('\u{2361}', "t"),   // apl functional symbol up tack diaeresis
    ('\u{236c}', "o"),   // apl functional symbol zilde
    ('\u{2373}', "i"),   // apl functional symbol iota
    ('\u{2374}', "p"),   // apl functional symbol rho
    ('\u{2376}', "a"),   // apl functional symbol alpha underbar
    ('\u{2378}', "i"),   // apl functional symbol iota underbar
    ('\u{237a}', "a"),   // apl functional symbol alpha
    ('\u{23fd}', "l"),   // power on symbol
    ('\u{2573}', "x"),   // box drawings light diagonal cross
    ('\u{27d9}', "t"),   // large down tack
    ('\u{292b}', "x"),   // rising diagonal crossing falling diagonal
    ('\u{292c}', "x"),   // falling diagonal crossing rising diagonal
    ('\u{2a2f}', "x"),   // vector or cross product
    ('\u{2a30}', "x"),   // multiplication sign with dot above
    ('\u{2c67}', "h"),   // latin capital letter h with descender
    ('\u{2c69}', "k"),   // latin capital letter k with descender
    ('\u{2c82}', "b"),   // coptic capital letter vida
    ('\u{2c85}', "r"),   // coptic small letter gamma
    ('\u{2c8e}', "h"),   // coptic capital letter hate
    ('\u{2c90}', "o"),   // coptic capital letter thethe
    ('\u{2c91}', "o"),   // coptic small letter thethe
    ('\u{2c92}', "i"),   // coptic capital letter iauda
    ('\u{2c93}', "i"),   // coptic small letter iauda
    ('\u{2c94}', "k"),   // coptic capital letter kapa
    ('\u{2c98}', "m"),   // coptic capital letter mi
    ('\u{2c9a}', "n"),   // coptic capital letter ni
    ('\u{2c9e}', "o"),   // coptic capital letter o
    ('\u{2c9f}', "o"),   // coptic small letter o
    ('\u{2ca2}', "p"),   // coptic capital letter ro
    ('\u{2ca3}', "p"),   // coptic small letter ro
    ('\u{2ca4}', "c"),   // coptic capital letter sima
    ('\u{2ca5}', "c"),   // coptic small letter sima
    ('\u{2ca6}', "t"),   // coptic capital letter tau
    ('\u{2ca8}', "y"),   // coptic capital letter ua
    ('\u{2ca9}', "y"),   // coptic small letter ua
    ('\u{2cac}', "x"),   // coptic capital letter khi
    ('\u{2cbd}', "w"),   // coptic small letter cryptogrammic ni
    ('\u{2cce}', "p"),   // coptic capital letter old coptic ha
    ('\u{2ccf}', "p"),   // coptic small letter old coptic ha
    ('\u{2cd0}', "l"),   // coptic capital letter l-shaped ha
    ('\u{2d31}', "o"),   // tifinagh letter yab
    ('\u{2d38}', "v"),   // tifinagh letter yadh
    ('\u{2d39}', "e"),   // tifinagh letter yadd
    ('\u{2d41}', "o"),   // tifinagh letter berber academy yah
    ('\u{2d4f}', "l"),   // tifinagh letter yan
    ('\u{2d54}', "o"),   // tifinagh letter yar
    ('\u{2d55}', "q"),   // tifinagh letter yarr
    ('\u{2d5d}', "x"),   // tifinagh letter yath
    ('\u{3007}', "o"),   // ideographic number zero
    ('\u{a4d0}', "b"),   // lisu letter ba
    ('\u{a4d1}', "p"),   // lisu letter pa
    ('\u{a4d2}', "d"),   // lisu letter pha
    ('\u{a4d3}', "d"),   // lisu letter da
    ('\u{a4d4}', "t"),   // lisu letter ta
    ('\u{a4d6}', "g"),   // lisu letter ga
    ('\u{a4d7}', "k"),   // lisu letter ka
    ('\u{a4d9}', "j"),   // lisu letter ja
    ('\u{a4da}', "c"),   // lisu letter ca
    ('\u{a4dc}', "z"),   // lisu letter dza
    ('\u{a4dd}', "f"),   // lisu letter tsa
    ('\u{a4df}', "m"),   // lisu letter ma
    ('\u{a4e0}', "n"),   // lisu letter na
    ('\u{a4e1}', "l"),   // lisu letter la
    ('\u{a4e2}', "s"),   // lisu letter sa
    ('\u{a4e3}', "r"),   // lisu letter zha
    ('\u{a4e6}', "v"),   // lisu letter ha
    ('\u{a4e7}', "h"),   // lisu letter xa
    ('\u{a4ea}', "w"),   // lisu letter wa
    ('\u{a4eb}', "x"),   // lisu letter sha
    ('\u{a4ec}', "y"),   // lisu letter ya
    ('\u{a4ee}', "a"),   // lisu letter a
    ('\u{a4f0}', "e"),   // lisu letter e
    ('\u{a4f2}', "l"),   // lisu letter i
    ('\u{a4f3}', "o"),   // lisu letter o
    ('\u{a4f4}', "u"),   // lisu letter u
    ('\u{a647}', "i"),   // cyrillic small letter iota
    ('\u{a695}', "h"),   // cyrillic small letter hwe
    ('\u{a698}', "oo"),  // cyrillic capital letter double o
    ('\u{a699}', "oo"),  // cyrillic small letter double o
    ('\u{a6df}', "v"),   // bamum letter ko
    ('\u{a731}', "s"),   // latin letter small capital s
    ('\u{a732}', "aa"),  // latin capital letter aa
    ('\u{a733}', "aa"),  // latin small letter aa
    ('\u{a734}', "ao"),  // latin capital letter ao
    ('\u{a735}', "ao"),  // latin small letter ao
    ('\u{a736}', "au"),  // latin capital letter au
    ('\u{a737}', "au"),  // latin small letter au
    ('\u{a738}', "av"),  // latin capital letter av
    ('\u{a739}', "av"),  // latin small letter av
    ('\u{a73a}', "av"),  // latin capital letter av with horizontal bar
    ('\u{a73b}', "av"),  // latin small letter av with horizontal bar
    ('\u{a73c}', "ay"),  // latin capital letter ay
    ('\u{a73d}', "ay"),  // latin small letter ay
    ('\u{a740}', "k"),   // latin capital letter k with stroke
    ('\u{a74a}', "o"),   // latin capital letter o with long stroke overlay
    ('\u{a74b}', "o"),   // latin small letter o with long stroke overlay
    ('\u{a74e}', "oo"),  // latin capital letter oo
    ('\u{a74f}', "oo"),  // latin small letter oo
    ('\u{a761}', "w"),   // latin small letter vy
    ('\u{a777}', "tf"),  // latin small letter tum
    ('\u{a798}', "f"),   // latin capital letter f with stroke
    ('\u{a799}', "f"),   // latin small letter f with stroke
    ('\u{a79f}', "u"),   // latin small letter volapuk ue
    ('\u{a7b2}', "j"),   // latin capital letter j with crossed-tail
    ('\u{a7b3}', "x"),   // latin capital letter chi
    ('\u{a7b4}', "b"),   // latin capital letter beta
    ('\u{ab32}', "e"),   // latin small letter blackletter e
    ('\u{ab35}', "f"),   // latin small letter lenis f
    ('\u{ab3d}', "o"),   // latin small letter blackletter o
    ('\u{ab3e}', "o"),   // latin small letter blackletter o with stroke
    ('\u{ab47}', "r"),   // latin small letter r without handle
    ('\u{ab48}', "r"),   // latin small letter double r
    ('\u{ab4e}', "u"),   // latin small letter u with short right leg
    ('\u{ab52}', "u"),   // latin small letter u with left hook
    ('\u{ab5a}', "y"),   // latin small letter y with short right leg
    ('\u{ab63}', "uo"),  // latin small letter uo
    ('\u{ab74}', "o"),   // cherokee small letter u
    ('\u{ab75}', "i"),   // cherokee small letter v
    ('\u{ab81}', "r"),   // cherokee small letter hu
    ('\u{ab83}', "w"),   // cherokee small letter la
    ('\u{ab8e}', "o"),   // cherokee small letter na
    ('\u{ab93}', "z"),   // cherokee small letter no
    ('\u{ab9c}', "u"),   // cherokee small letter sa
    ('\u{aba9}', "v"),   // cherokee small letter do
    ('\u{abaa}', "s"),   // cherokee small letter du
    ('\u{abaf}', "c"),   // cherokee small letter tli
    ('\u{abbb}', "o"),   // cherokee small letter wi
    ('\u{fba6}', "o"),   // arabic letter heh goal isolated form
    ('\u{fba7}', "o"),   // arabic letter heh goal final form
    ('\u{fba8}', "o"),   // arabic letter heh goal initial form
    ('\u{fba9}', "o"),   // arabic letter heh goal medial form
    ('\u{fbaa}', "o"),   // arabic letter heh doachashmee isolated form
    ('\u{fbab}', "o"),   // arabic letter heh doachashmee final form
    ('\u{fbac}', "o"),   // arabic letter heh doachashmee initial form
    ('\u{fbad}', "o"),   // arabic letter heh doachashmee medial form
    ('\u{fcd9}', "o"),   // arabic ligature heh with superscript alef initial form
    ('\u{fd3c}', "l"),   // arabic ligature alef with fathatan final form
    ('\u{fd3d}', "l"),   // arabic ligature alef with fathatan isolated form
    ('\u{fe87}', "l"),   // arabic letter alef with hamza below isolated form
    ('\u{fe88}', "l"),   // arabic letter alef with hamza below final form
    ('\u{fe8d}', "l"),   // arabic letter alef isolated form
    ('\u{fe8e}', "l"),   // arabic letter alef final form
    ('\u{fee9}', "o"),   // arabic letter heh isolated form
    ('\u{feea}', "o"),   // arabic letter heh final form
    ('\u{feeb}', "o"),   // arabic letter heh initial form
    ('\u{feec}', "o"),   // arabic letter heh medial form
    ('\u{ffe8}', "l"),   // halfwidth forms light vertical
    ('\u{1018e}', "n"),  // nomisma sign
    ('\u{10196}', "x"),  // roman denarius sign
    ('\u{10197}', "v"),  // roman quinarius sign
    ('\u{10199}', "ll"), // roman dupondius sign
    ('\u{10282}', "b"),  // lycian letter b
    ('\u{10286}', "e"),  // lycian letter i
    ('\u{10287}', "f"),  // lycian letter w
    ('\u{1028a}', "l"),  // lycian letter j
    ('\u{10290}', "x"),  // lycian letter mm
    ('\u{10292}', "o"),  // lycian letter u
    ('\u{10295}', "p"),  // lycian letter r
    ('\u{10296}', "s"),  // lycian letter s
    ('\u{10297}', "t"),  // lycian letter t
    ('\u{102a0}', "a"),  // carian letter a
    ('\u{102a1}', "b"),  // carian letter p2
    ('\u{102a2}', "c"),  // carian letter d
    ('\u{102a5}', "f"),  // carian letter r
    ('\u{102ab}', "o"),  // carian letter o
    ('\u{102b0}', "m"),  // carian letter s
    ('\u{102b1}', "t"),  // carian letter c-18
    ('\u{102b2}', "y"),  // carian letter u
    ('\u{102b4}', "x"),  // carian letter x
    ('\u{102cf}', "h"),  // carian letter e2
    ('\u{102f5}', "z"),  // coptic epact number three hundred
    ('\u{10301}', "b"),  // old italic letter be
    ('\u{10302}', "c"),  // old italic letter ke
    ('\u{10309}', "l"),  // old italic letter i
    ('\u{10311}', "m"),  // old italic letter she
    ('\u{10315}', "t"),  // old italic letter te
    ('\u{10317}', "x"),  // old italic letter eks
    ('\u{10320}', "l"),  // old italic numeral one
    ('\u{10322}', "x"),  // old italic numeral ten
    ('\u{10404}', "o"),  // deseret capital letter long o
    ('\u{10415}', "c"),  // deseret capital letter chee
    ('\u{1041b}', "l"),  // deseret capital letter eth
    ('\u{10420}', "s"),  // deseret capital letter zhee
    ('\u{1042c}', "o"),  // deseret small letter long o
    ('\u{1043d}', "c"),  // deseret small letter chee
    ('\u{10448}', "s"),  // deseret small letter zhee
    ('\u{104b4}', "r"),  // osage capital letter bra
    ('\u{104c2}', "o"),  // osage capital letter o
    ('\u{104ce}', "u"),  // osage capital letter u
    ('\u{104ea}', "o"),  // osage small letter o
    ('\u{104f6}', "u"),  // osage small letter u
    ('\u{10513}', "n"),  // elbasan letter ne
    ('\u{10516}', "o"),  // elbasan letter o
    ('\u{10518}', "k"),  // elbasan letter qe
    ('\u{1051c}', "c"),  // elbasan letter she
    ('\u{1051d}', "v"),  // elbasan letter te
    ('\u{10525}', "f"),  // elbasan letter ghe
    ('\u{10526}', "l"),  // elbasan letter ghamma
    ('\u{10527}', "x"),  // elbasan letter khe
    ('\u{114c5}', "w"),  // tirhuta gvang
    ('\u{114d0}', "o"),  // tirhuta digit zero
    ('\u{11700}', "rn"), // ahom letter ka
    ('\u{11706}', "v"),  // ahom letter pa
    ('\u{1170a}', "w"),  // ahom letter ja
    ('\u{1170e}', "w"),  // ahom letter la
    ('\u{1170f}', "w"),  // ahom letter sa
    ('\u{118a0}', "v"),  // warang citi capital letter ngaa
    ('\u{118a2}', "f"),  // warang citi capital letter wi
    ('\u{118a3}', "l"),  // warang citi capital letter yu
    ('\u{118a4}', "y"),  // warang citi capital letter ya
    ('\u{118a6}', "e"),  // warang citi capital letter ii
    ('\u{118a9}', "z"),  // warang citi capital letter o
    ('\u{118ae}', "e"),  // warang citi capital letter yuj
    ('\u{118b2}', "l"),  // warang citi capital letter tte
    ('\u{118b5}', "o"),  // warang citi capital letter at
    ('\u{118b8}', "u"),  // warang citi capital letter pu
    ('\u{118bc}', "t"),  // warang citi capital letter har
    ('\u{118c0}', "v"),  // warang citi small letter ngaa
    ('\u{118c1}', "s"),  // warang citi small letter a
    ('\u{118c2}', "f"),  // warang citi small letter wi
    ('\u{118c3}', "i"),  // warang citi small letter yu
    ('\u{118c4}', "z"),  // warang citi small letter ya
    ('\u{118c8}', "o"),  // warang citi small letter e
    ('\u{118d7}', "o"),  // warang citi small letter bu
    ('\u{118d8}', "u"),  // warang citi small letter pu
    ('\u{118dc}', "y"),  // warang citi small letter har
    ('\u{118e0}', "o"),  // warang citi digit zero
    ('\u{118e3}', "rn"), // warang citi digit three
    ('\u{118e5}', "z"),  // warang citi digit five
    ('\u{118e6}', "w"),  // warang citi digit six
    ('\u{118e9}', "c"),  // warang citi digit nine
    ('\u{118ec}', "x"),  // warang citi number thirty
    ('\u{118ef}', "w"),  // warang citi number sixty
    ('\u{118f2}', "c"),  // warang citi number ninety
    ('\u{11dda}', "l"),  // ?
    ('\u{11de0}', "o"),  // ?
    ('\u{11de1}', "l"),  // ?
    ('\u{16eaa}', "l"),  // ?
    ('\u{16eb6}', "b"),  // ?
    ('\u{16f08}', "v"),  // miao letter va
    ('\u{16f0a}', "t"),  // miao letter ta
    ('\u{16f16}', "l"),  // miao letter la
    ('\u{16f28}', "l"),  // miao letter gha
    ('\u{16f35}', "r"),  // miao letter zha
    ('\u{16f3a}', "s"),  // miao letter sa
    ('\u{16f40}', "a"),  // miao letter zzya
    ('\u{16f42}', "u"),  // miao letter wa
    ('\u{16f43}', "y"),  // miao letter ah
    ('\u{1ccd6}', "a"),  // ?
    ('\u{1ccd7}', "b"),  // ?
    ('\u{1ccd8}', "c"),  // ?
    ('\u{1ccd9}', "d"),  // ?
    ('\u{1ccda}', "e"),  // ?
    ('\u{1ccdb}', "f"),  // ?
    ('\u{1ccdc}', "g"),  // ?
    ('\u{1ccdd}', "h"),  // ?
    ('\u{1ccde}', "l"),  // ?
    ('\u{1ccdf}', "j"),  // ?
    ('\u{1cce0}', "k"),  // ?
    ('\u{1cce1}', "l"),  // ?
    ('\u{1cce2}', "m"),  // ?
    ('\u{1cce3}', "n"),  // ?
    ('\u{1cce4}', "o"),  // ?
    ('\u{1cce5}', "p"),  // ?
    ('\u{1cce6}', "q"),  // ?
    ('\u{1cce7}', "r"),  // ?
    ('\u{1cce8}', "s"),  // ?
    ('\u{1cce9}', "t"),  // ?
    ('\u{1ccea}', "u"),  // ?
    ('\u{1cceb}', "v"),  // ?
    ('\u{1ccec}', "w"),  // ?
    ('\u{1cced}', "x"),  // ?
    ('\u{1ccee}', "y"),  // ?
    ('\u{1ccef}', "z"),  // ?
    ('\u{1ccf0}', "o"),  // ?
    ('\u{1ccf1}', "l"),  // ?
    ('\u{1d20d}', "v"),  // greek vocal notation symbol-14
    ('\u{1d213}', "f"),  // greek vocal notation symbol-20
    ('\u{1d216}', "r"),  // greek vocal notation symbol-23
    ('\u{1d21a}', "o"),  // greek vocal notation symbol-52
    ('\u{1d22a}', "l"),  // greek instrumental notation symbol-23
    ('\u{1d6a4}', "i"),  // mathematical italic small dotless i
    ('\u{1d6a8}', "a"),  // mathematical bold capital alpha
    ('\u{1d6a9}', "b"),  // mathematical bold capital beta
    ('\u{1d6ac}', "e"),  // mathematical bold capital epsilon
    ('\u{1d6ad}', "z"),  // mathematical bold capital zeta
    ('\u{1d6ae}', "h"),  // mathematical bold capital eta
    ('\u{1d6af}', "o"),  // mathematical bold capital theta
    ('\u{1d6b0}', "i"),  // mathematical bold capital iota
    ('\u{1d6b1}', "k"),  // mathematical bold capital kappa
    ('\u{1d6b3}', "m"),  // mathematical bold capital mu
    ('\u{1d6b4}', "n"),  // mathematical bold capital nu
    ('\u{1d6b6}', "o"),  // mathematical bold capital omicron
    ('\u{1d6b8}', "p"),  // mathematical bold capital rho
    ('\u{1d6b9}', "o"),  // mathematical bold capital theta symbol
    ('\u{1d6bb}', "t"),  // mathematical bold capital tau
    ('\u{1d6bc}', "y"),  // mathematical bold capital upsilon
    ('\u{1d6be}', "x"),  // mathematical bold capital chi
    ('\u{1d6c2}', "a"),  // mathematical bold small alpha
    ('\u{1d6c4}', "y"),  // mathematical bold small gamma
    ('\u{1d6c8}', "n"),  // mathematical bold small eta
    ('\u{1d6c9}', "o"),  // mathematical bold small theta
    ('\u{1d6ca}', "i"),  // mathematical bold small iota
    ('\u{1d6ce}', "v"),  // mathematical bold small nu
    ('\u{1d6d0}', "o"),  // mathematical bold small omicron
    ('\u{1d6d2}', "p"),  // mathematical bold small rho
    ('\u{1d6d4}', "o"),  // mathematical bold small sigma
    ('\u{1d6d6}', "u"),  // mathematical bold small upsilon
    ('\u{1d6dd}', "o"),  // mathematical bold theta symbol
    ('\u{1d6e0}', "p"),  // mathematical bold rho symbol
    ('\u{1d6e2}', "a"),  // mathematical italic capital alpha
    ('\u{1d6e3}', "b"),  // mathematical italic capital beta
    ('\u{1d6e6}', "e"),  // mathematical italic capital epsilon
    ('\u{1d6e7}', "z"),  // mathematical italic capital zeta
    ('\u{1d6e8}', "h"),  // mathematical italic capital eta
    ('\u{1d6e9}', "o"),  // mathematical italic capital theta
    ('\u{1d6ea}', "i"),  // mathematical italic capital iota
    ('\u{1d6eb}', "k"),  // mathematical italic capital kappa
    ('\u{1d6ed}', "m"),  // mathematical italic capital mu
    ('\u{1d6ee}', "n"),  // mathematical italic capital nu
    ('\u{1d6f0}', "o"),  // mathematical italic capital omicron
    ('\u{1d6f2}', "p"),  // mathematical italic capital rho
    ('\u{1d6f3}', "o"),  // mathematical italic capital theta symbol
    ('\u{1d6f5}', "t"),  // mathematical italic capital tau
    ('\u{1d6f6}', "y"),  // mathematical italic capital upsilon
    ('\u{1d6f8}', "x"),  // mathematical italic capital chi
    ('\u{1d6fc}', "a"),  // mathematical italic small alpha
    ('\u{1d6fe}', "y"),  // mathematical italic small gamma
    ('\u{1d702}', "n"),  // mathematical italic small eta
    ('\u{1d703}', "o"),  // mathematical italic small theta
    ('\u{1d704}', "i"),  // mathematical italic small iota
    ('\u{1d708}', "v"),  // mathematical italic small nu
    ('\u{1d70a}', "o"),  // mathematical italic small omicron
    ('\u{1d70c}', "p"),  // mathematical italic small rho
    ('\u{1d70e}', "o"),  // mathematical italic small sigma
    ('\u{1d710}', "u"),  // mathematical italic small upsilon
    ('\u{1d717}', "o"),  // mathematical italic theta symbol
    ('\u{1d71a}', "p"),  // mathematical italic rho symbol
    ('\u{1d71c}', "a"),  // mathematical bold italic capital alpha
    ('\u{1d71d}', "b"),  // mathematical bold italic capital beta
    ('\u{1d720}', "e"),  // mathematical bold italic capital epsilon
    ('\u{1d721}', "z"),  // mathematical bold italic capital zeta
    ('\u{1d722}', "h"),  // mathematical bold italic capital eta
    ('\u{1d723}', "o"),  // mathematical bold italic capital theta
    ('\u{1d724}', "i"),  // mathematical bold italic capital iota
    ('\u{1d725}', "k"),  // mathematical bold italic capital kappa
    ('\u{1d727}', "m"),  // mathematical bold italic capital mu
    ('\u{1d728}', "n"),  // mathematical bold italic capital nu
    ('\u{1d72a}', "o"),  // mathematical bold italic capital omicron
    ('\u{1d72c}', "p"),  // mathematical bold italic capital rho
    ('\u{1d72d}', "o"),  // mathematical bold italic capital theta symbol
    ('\u{1d72f}', "t"),  // mathematical bold italic capital tau
    ('\u{1d730}', "y"),  // mathematical bold italic capital upsilon
    ('\u{1d732}', "x"),  // mathematical bold italic capital chi
    ('\u{1d736}', "a"),  // mathematical bold italic small alpha
    ('\u{1d738}', "y"),  // mathematical bold italic small gamma
    ('\u{1d73c}', "n"),  // mathematical bold italic small eta
    ('\u{1d73d}', "o"),  // mathematical bold italic small theta
    ('\u{1d73e}', "i"),  // mathematical bold italic small iota
    ('\u{1d742}', "v"),  // mathematical bold italic small nu
    ('\u{1d744}', "o"),  // mathematical bold italic small omicron
    ('\u{1d746}', "p"),  // mathematical bold italic small rho
    ('\u{1d748}', "o"),  // mathematical bold italic small sigma
    ('\u{1d74a}', "u"),  // mathematical bold italic small upsilon
    ('\u{1d751}', "o"),  // mathematical bold italic theta symbol
    ('\u{1d754}', "p"),  // mathematical bold italic rho symbol
    ('\u{1d756}', "a"),  // mathematical sans-serif bold capital alpha
    ('\u{1d757}', "b"),  // mathematical sans-serif bold capital beta
    ('\u{1d75a}', "e"),  // mathematical sans-serif bold capital epsilon
    ('\u{1d75b}', "z"),  // mathematical sans-serif bold capital zeta
    ('\u{1d75c}', "h"),  // mathematical sans-serif bold capital eta
    ('\u{1d75d}', "o"),  // mathematical sans-serif bold capital theta
    ('\u{1d75e}', "i"),  // mathematical sans-serif bold capital iota
    ('\u{1d75f}', "k"),  // mathematical sans-serif bold capital kappa
    ('\u{1d761}', "m"),  // mathematical sans-serif bold capital mu
    ('\u{1d762}', "n"),  // mathematical sans-serif bold capital nu
    ('\u{1d764}', "o"),  // mathematical sans-serif bold capital omicron
    ('\u{1d766}', "p"),  // mathematical sans-serif bold capital rho
    ('\u{1d767}', "o"),  // mathematical sans-serif bold capital theta symbol
    ('\u{1d769}', "t"),  // mathematical sans-serif bold capital tau
    ('\u{1d76a}', "y"),  // mathematical sans-serif bold capital upsilon
    ('\u{1d76c}', "x"),  // mathematical sans-serif bold capital chi
    ('\u{1d770}', "a"),  // mathematical sans-serif bold small alpha
    ('\u{1d772}', "y"),  // mathematical sans-serif bold small gamma
    ('\u{1d776}', "n"),  // mathematical sans-serif bold small eta
    ('\u{1d777}', "o"),  // mathematical sans-serif bold small theta
    ('\u{1d778}', "i"),  // mathematical sans-serif bold small iota
    ('\u{1d77c}', "v"),  // mathematical sans-serif bold small nu
    ('\u{1d77e}', "o"),  // mathematical sans-serif bold small omicron
    ('\u{1d780}', "p"),  // mathematical sans-serif bold small rho
    ('\u{1d782}', "o"),  // mathematical sans-serif bold small sigma
    ('\u{1d784}', "u"),  // mathematical sans-serif bold small upsilon
    ('\u{1d78b}', "o"),  // mathematical sans-serif bold theta symbol
    ('\u{1d78e}', "p"),  // mathematical sans-serif bold rho symbol
    ('\u{1d790}', "a"),  // mathematical sans-serif bold italic capital alpha
    ('\u{1d791}', "b"),  // mathematical sans-serif bold italic capital beta
    ('\u{1d794}', "e"),  // mathematical sans-serif bold italic capital epsilon
    ('\u{1d795}', "z"),  // mathematical sans-serif bold italic capital zeta
    ('\u{1d796}', "h"),  // mathematical sans-serif bold italic capital eta
    ('\u{1d797}', "o"),  // mathematical sans-serif bold italic capital theta
    ('\u{1d798}', "i"),  // mathematical sans-serif bold italic capital iota
    ('\u{1d799}', "k"),  // mathematical sans-serif bold italic capital kappa
    ('\u{1d79b}', "m"),  // mathematical sans-serif bold italic capital mu
    ('\u{1d79c}', "n"),  // mathematical sans-serif bold italic capital nu
    ('\u{1d79e}', "o"),  // mathematical sans-serif bold italic capital omicron
    ('\u{1d7a0}', "p"),  // mathematical sans-serif bold italic capital rho
    ('\u{1d7a1}', "o"),  // mathematical sans-serif bold italic capital theta symbol
    ('\u{1d7a3}', "t"),  // mathematical sans-serif bold italic capital tau
    ('\u{1d7a4}', "y"),  // mathematical sans-serif bold italic capital upsilon
    ('\u{1d7a6}', "x"),  // mathematical sans-serif bold italic capital chi
    ('\u{1d7aa}', "a"),  // mathematical sans-serif bold italic small alpha
    ('\u{1d7ac}', "y"),  // mathematical sans-serif bold italic small gamma
    ('\u{1d7b0}', "n"),  // mathematical sans-serif bold italic small eta
    ('\u{1d7b1}', "o"),  // mathematical sans-serif bold italic small theta
    ('\u{1d7b2}', "i"),  // mathematical sans-serif bold italic small iota
    ('\u{1d7b6}', "v"),  // mathematical sans-serif bold italic small nu
    ('\u{1d7b8}', "o"),  // mathematical sans-serif bold italic small omicron
    ('\u{1d7ba}', "p"),  // mathematical sans-serif bold italic small rho
    ('\u{1d7bc}', "o"),  // mathematical sans-serif bold italic small sigma
    ('\u{1d7be}', "u"),  // mathematical sans-serif bold italic small upsilon
    ('\u{1d7c5}', "o"),  // mathematical sans-serif bold italic theta symbol
    ('\u{1d7c8}', "p"),  // mathematical sans-serif bold italic rho symbol
    ('\u{1d7ca}', "f"),  // mathematical bold capital digamma
    ('\u{1e8c7}', "l"),  // mende kikakui digit one
    ('\u{1ee00}', "l"),  // arabic mathematical alef
    ('\u{1ee24}', "o"),  // arabic mathematical initial heh
    ('\u{1ee64}', "o"),  // arabic mathematical stretched heh
    ('\u{1ee80}', "l"),  // arabic mathematical looped alef
    ('\u{1ee84}', "o"),  // arabic mathematical looped heh
    ('\u{1f16e}', "c"),  // circled c with overlaid backslash
    ('\u{1f700}', "qe"), // alchemical symbol for quintessence
    ('\u{1f707}', "ar"), // alchemical symbol for aqua regia-2
    ('\u{1f708}', "v"),  // alchemical symbol for aqua vitae
    ('\u{1f714}', "o"),  // alchemical symbol for salt
    ('\u{1f74c}', "c"),  // alchemical symbol for calx
    ('\u{1f768}', "t"),  // alchemical symbol for crucible-4
    ('\u{1f76b}', "mb"), // alchemical symbol for bath of mary
    ('\u{1f76c}', "vb"), // alchemical symbol for bath of vapours
];
