//! `ccgpages import practices FILE`: NHS Digital's list of GP practices
//! (epraccur: no header row) into each CCG's practices.yaml, matched by the
//! CCG's ods_code, and the practice pages it makes.

use crate::common::*;

/// Lines in epraccur's layout: code, name, national grouping, health
/// authority, five address lines, postcode, open date, close date, status,
/// organisation sub-type, commissioner, … prescribing setting (column 26).
const EPRACCUR: &str = "\
A99001,ALPHA ROAD SURGERY,Y56,QMJ,1 ALPHA ROAD,,ALPHATOWN,,,AL1 1AA,19740401,,A,B,99A,20130401,,01000000000,,,,0,,99A,,4,\r
A99002,\"SURGERY, THE OLD\",Y56,QMJ,2 HIGH STREET,,ALPHATOWN,,,AL1 2BB,19800101,20160331,C,B,99A,20130401,20160331,,,,,0,,99A,,4,\r
B99001,BETA GREEN PRACTICE,Y56,QMJ,3 GREEN LANE,,BETAVILLE,,,BE2 3CC,19900101,,A,B,99B,20130401,,,,,,0,,99B,,4,\r
W99001,ALPHA WALK-IN CENTRE,Y56,QMJ,4 ROAD,,ALPHATOWN,,,AL1 4DD,20100401,,A,B,99A,,,,,,,0,,99A,,1,\r
Z99001,ELSEWHERE SURGERY,Y56,QMJ,5 ROAD,,FARAWAY,,,ZZ1 5EE,19740401,,A,B,01X,20130401,,,,,,0,,01X,,4,\r
";

fn import(fx: &Fixture, extra: &[&str]) -> Run {
    let file = fx.tmp.path().join("epraccur.csv");
    std::fs::write(&file, EPRACCUR).unwrap();
    let content = fx.content();
    let mut args = vec!["import", "practices", file.to_str().unwrap(), "--content", content.to_str().unwrap(), "--updated", "2016-04-01"];
    args.extend(extra);
    run(&args)
}

#[test]
fn each_ccg_gets_its_practices_and_the_site_builds_their_pages() {
    let fx = Fixture::new("minimal");
    let r = import(&fx, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("Wrote the GP practices of 2 CCGs"), "{}", r.stderr);
    let alpha = fx.read("ccgs/alpha/practices.yaml");
    assert!(alpha.starts_with("# Imported from NHS Digital's list of GP practices (epraccur).\n"), "{alpha}");
    assert!(alpha.contains("updated: 2016-04-01") || alpha.contains("updated: '2016-04-01'"), "{alpha}");
    assert!(alpha.contains("A99001") && alpha.contains("A99002") && alpha.contains("SURGERY, THE OLD"), "{alpha}");
    assert!(!alpha.contains("W99001"), "a walk-in centre is not a GP practice: {alpha}");
    assert!(!alpha.contains("Z99001") && !alpha.contains("B99001"), "{alpha}");
    assert!(alpha.contains("2016-03-31"), "a closed practice keeps its close date: {alpha}");
    let beta = fx.read("ccgs/beta/practices.yaml");
    assert!(beta.contains("B99001") && !beta.contains("A99001"), "{beta}");

    let check = fx.check(&[]);
    assert_eq!(check.code, 0, "the imported files pass check: {}", check.stderr);
    let build = fx.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = fx.page("practices/A99001/index.html");
    assert!(page.contains("ALPHA ROAD SURGERY"), "{page}");
}

#[test]
fn an_existing_practices_file_is_kept_unless_overwrite() {
    let fx = Fixture::new("minimal");
    fx.write("ccgs/alpha/practices.yaml", "updated: 2015-01-01\nentries: []\n");
    let r = import(&fx, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("practices.yaml already exists: nothing was written"), "{}", r.stderr);
    assert_eq!(fx.read("ccgs/alpha/practices.yaml"), "updated: 2015-01-01\nentries: []\n");
    assert!(!fx.file("ccgs/beta/practices.yaml").exists(), "nothing written for any CCG");

    let r = import(&fx, &["--stdout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("# ---- ccgs/alpha/practices.yaml") && r.stdout.contains("B99001"), "{}", r.stdout);
    assert_eq!(fx.read("ccgs/alpha/practices.yaml"), "updated: 2015-01-01\nentries: []\n", "--stdout writes nothing");

    let r = import(&fx, &["--overwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fx.read("ccgs/alpha/practices.yaml").contains("A99001"));
}

#[test]
fn a_file_in_another_layout_or_for_other_ccgs_is_refused() {
    let fx = Fixture::new("minimal");
    let file = fx.tmp.path().join("other.csv");
    std::fs::write(&file, "Code,Name,Postcode\nA1,Somewhere,AB1 2CD\n").unwrap();
    let r = run(&["import", "practices", file.to_str().unwrap(), "--content", fx.content().to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("line 1: 3 columns, but NHS Digital's epraccur file has at least 15"), "{}", r.stderr);

    let only_elsewhere: String = EPRACCUR.lines().filter(|l| l.starts_with("Z99")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, only_elsewhere).unwrap();
    let r = run(&["import", "practices", file.to_str().unwrap(), "--content", fx.content().to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no GP practice in") && r.stderr.contains("alpha (99A), beta (99B)"), "{}", r.stderr);
    assert!(!fx.file("ccgs/alpha/practices.yaml").exists());
}
