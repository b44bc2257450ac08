// Answer extraction and scoring (strict and the paper's lenient mode), prompt templates, and
// the statistics used in reports.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "eval/prompts.h"
#include "eval/scoring.h"
#include "eval/stats.h"
#include "semcot/inference.h"
#include "semcot/preset.h"

#include <cmath>
#include <filesystem>
#include <string>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

constexpr AnswerKind kNum = AnswerKind::number;
constexpr AnswerKind kChoice = AnswerKind::choice;
constexpr AnswerKind kYesNo = AnswerKind::yesno;
constexpr ScoreMode kStrict = ScoreMode::strict;
constexpr ScoreMode kPaper = ScoreMode::paper;

struct Row {
    const char* output;    // model output
    const char* gold;      // gold answer
    AnswerKind kind;       // scorer kind
    ScoreMode mode;        // scorer mode
    bool correct;          // expected verdict
    const char* extracted; // expected extracted answer
};

// Pairs of strict / paper rows on the same output show where the modes differ.
const Row kRows[] = {
    // Numbers: marker, last number, separators, currency, decimals, signs.
    {"Answer: 18", "18", kNum, kStrict, true, "18"},
    {"9 * 2 = 18\nAnswer: $18.00", "18", kNum, kStrict, true, "18"},
    {"She makes 9 * 2 = 18 dollars.", "18", kNum, kStrict, true, "18"},
    {"She makes 18 dollars, not 20.", "18", kNum, kStrict, false, "20"},
    {"She makes 18 dollars, not 20.", "18", kNum, kPaper, true, "18"},
    {"Answer: 1,080 apples", "1,080", kNum, kStrict, true, "1080"},
    {"Answer: 1080", "1,080", kNum, kStrict, true, "1080"},
    {"Answer: 2.50", "2.5", kNum, kStrict, true, "2.5"},
    {"The result is -4.", "-4", kNum, kStrict, true, "-4"},
    {"16-3-4=9", "9", kNum, kStrict, true, "9"},
    {"16-3-4=9", "-3", kNum, kPaper, false, "9"},
    {"Answer: 5\nQuestion: Tom has 7 apples.", "5", kNum, kStrict, true, "5"},
    {"Answer: 5\nQuestion: Tom has 7 apples.", "7", kNum, kStrict, false, "5"},
    {"Answer: 5\nQuestion: Tom has 7 apples.", "7", kNum, kPaper, true, "7"},
    {"12 eggs. Answer: none", "12", kNum, kStrict, false, ""},
    {"12 eggs. Answer: none", "12", kNum, kPaper, true, "12"},
    {"#### 42", "42", kNum, kStrict, true, "42"},
    {"answer: 1000000.0000001", "1000000", kNum, kStrict, false, "1000000.0000001"},
    // Exact comparison: golds past a million, no relative tolerance (issue 10).
    {"Answer: 1234568", "1234567", kNum, kStrict, false, "1234568"},
    {"Answer: 1234568", "1234567", kNum, kPaper, false, "1234568"},
    {"Answer: 1,234,567", "1234567", kNum, kStrict, true, "1234567"},
    {"Answer: 1234567", "1,234,567", kNum, kPaper, true, "1234567"},
    {"Answer: 0.333", "0.3333", kNum, kStrict, false, "0.333"},
    // Written forms: decimals, currency, percent, signs, parentheses, case, punctuation.
    {"Answer: 6.0", "6", kNum, kStrict, true, "6"},
    {"Answer: 10", "10.00", kNum, kStrict, true, "10"},
    {"Answer: $9,512", "9512", kNum, kStrict, true, "9512"},
    {"Answer: \xE2\x82\xAC"
     "1,200.50",
     "1200.5", kNum, kStrict, true, "1200.5"},
    {"Answer: \xC2\xA3"
     "3 each",
     "3", kNum, kStrict, true, "3"},
    {"Answer: 50%", "50", kNum, kStrict, true, "50"},
    {"Answer: 50 %", "50", kNum, kStrict, true, "50"},
    {"Answer: 25", "25%", kNum, kStrict, true, "25"},
    {"Answer: -$5", "-5", kNum, kStrict, true, "-5"},
    {"Answer: $-5", "-5", kNum, kStrict, true, "-5"},
    {"Answer: \xE2\x88\x92"
     "7",
     "-7", kNum, kStrict, true, "-7"},
    {"Answer: +3", "3", kNum, kStrict, true, "3"},
    {"Answer: -3", "3", kNum, kStrict, false, "-3"},
    {"Answer: (12)", "12", kNum, kStrict, true, "12"},
    {"ANSWER: 12!", "12", kNum, kStrict, true, "12"},
    {"answer:12.", "12", kNum, kStrict, true, "12"},
    {"Answer: **12** apples", "12", kNum, kStrict, true, "12"},
    {"3+4=7", "7", kNum, kStrict, true, "7"},
    // The last marker is the answer: a chain of thought may say "answer" in passing.
    {"Answer: 3. Answer: 4", "4", kNum, kStrict, true, "4"},
    {"The answer: 3 apples, so Answer: 4", "3", kNum, kStrict, false, "4"},
    {"The answer: 3 apples, so Answer: 4", "3", kNum, kPaper, true, "3"},
    {"Answer: 7\n#### 8", "8", kNum, kStrict, true, "8"},
    // Marker forms; "####" only before a lone answer (not a Markdown heading).
    {"**Answer**: 12 as 3x4", "12", kNum, kStrict, true, "12"},
    {"Answer : 12 as 3x4", "12", kNum, kStrict, true, "12"},
    {"**Answer:** 12", "12", kNum, kStrict, true, "12"},
    {"Final Answer: 12", "12", kNum, kStrict, true, "12"},
    {"Answer: 12\n#### Step 2", "12", kNum, kStrict, true, "12"},
    {"Answer: 12\n####", "12", kNum, kStrict, true, "12"},
    {"#### $1,080", "1080", kNum, kStrict, true, "1080"},
    // A first group of more than 3 digits is not thousands.
    {"Answer: 1234,567", "1234", kNum, kStrict, true, "1234"},
    {"Answer: 12,34", "12", kNum, kStrict, true, "12"},
    // A new question the model made up after answering is cut ("Question:" at a line start).
    {"Answer: 12\nQuestion: Bo has 5 apples.\nAnswer: 7", "12", kNum, kStrict, true, "12"},
    {"Answer: 12\n  Question: Bo has 5?", "12", kNum, kStrict, true, "12"},
    {"The Question: is 3 + 4? Answer: 7", "7", kNum, kStrict, true, "7"},
    {"Question: 5 apples", "5", kNum, kStrict, false, ""},
    // Without a marker, the last number.
    {"12 as 3x4", "4", kNum, kStrict, true, "4"},
    // The same written forms under the paper's scorer (any number equal to the gold).
    {"Answer: $9,512", "9512", kNum, kPaper, true, "9512"},
    {"Answer: 6.0", "6", kNum, kPaper, true, "6"},
    {"Answer: 50%", "50", kNum, kPaper, true, "50"},
    {"Answer: -$5", "5", kNum, kPaper, false, "-5"},
    {"Answer: 1000000.0000001", "1000000", kNum, kPaper, false, "1000000.0000001"},
    {"answer: 1000.01", "1000", kNum, kStrict, false, "1000.01"},
    {"no numbers here", "3", kNum, kStrict, false, ""},
    {"no numbers here", "3", kNum, kPaper, false, ""},
    {"Value .5 and 3,4,5", "5", kNum, kStrict, true, "5"},
    // Choices: standalone letters, the article, marker preference, choice texts.
    {"(B)", "B", kChoice, kStrict, true, "B"},
    {"B. library", "B", kChoice, kStrict, true, "B"},
    {"The answer is **C**.", "C", kChoice, kStrict, true, "C"},
    {"A coin is not money; the answer is D", "D", kChoice, kStrict, true, "D"},
    {"A coin is not money; the answer is D", "A", kChoice, kStrict, false, "D"},
    {"A coin is not money; the answer is D", "A", kChoice, kPaper, true, "A"},
    {"Because the bank is safe. Answer: A", "A", kChoice, kStrict, true, "A"},
    {"Option B looks good.\nAnswer: E", "E", kChoice, kStrict, true, "E"},
    {"Option B looks good.\nAnswer: E", "B", kChoice, kStrict, false, "E"},
    {"Option B looks good.\nAnswer: E", "B", kChoice, kPaper, true, "B"},
    {"Answer: Bank", "A", kChoice, kStrict, true, "A"}, // "bank" is choice A
    {"BEST answer FOUND", "D", kChoice, kPaper, true, "D"},
    {"nothing", "C", kChoice, kPaper, false, ""},
    {"the bank, surely", "A", kChoice, kStrict, true, "A"},   // via the query's choices
    {"a department store", "C", kChoice, kStrict, true, "C"}, // longest/earliest text
    {"Answer: a", "A", kChoice, kStrict, false, ""},          // lowercase is not a letter
    // The letter that opens the answer region, the article, a letter with its text.
    {"Answer: A is right", "A", kChoice, kStrict, true, "A"},
    {"Answer: A is right", "A", kChoice, kPaper, true, "A"},
    {"Answer: A", "A", kChoice, kStrict, true, "A"},
    {"Answer: A.", "A", kChoice, kStrict, true, "A"},
    {"Answer: A library", "B", kChoice, kStrict, true, "B"}, // the article before choice B
    {"Answer: A bank", "A", kChoice, kStrict, true, "A"},
    {"Answer: A new york", "E", kChoice, kStrict, true, "E"},
    {"Answer: (C) department store", "C", kChoice, kStrict, true, "C"},
    {"answer: B. library", "B", kChoice, kStrict, true, "B"},
    {"Answer: **D**", "D", kChoice, kStrict, true, "D"},
    {"Answer: \"E\"", "E", kChoice, kStrict, true, "E"},
    {"ANSWER: [B]", "B", kChoice, kStrict, true, "B"},
    {"Answer: it must be D, the store", "D", kChoice, kStrict, true, "D"},
    {"I think B. Answer: C", "C", kChoice, kStrict, true, "C"},
    {"answer: A. Final Answer: B", "B", kChoice, kStrict, true, "B"},
    {"Answer: Because of B", "B", kChoice, kStrict, true, "B"},
    // The article "A" against the letter A: the word after it decides.
    {"Answer: I pick A as it is", "A", kChoice, kStrict, true, "A"},
    {"Answer: Option A is correct", "A", kChoice, kStrict, true, "A"},
    {"The answer is A because it fits", "A", kChoice, kStrict, true, "A"},
    {"Answer: A pal is at library", "B", kChoice, kStrict, true, "B"},
    {"Answer: A, the bank", "A", kChoice, kStrict, true, "A"},
    // Without a marker, the last letter or choice text.
    {"B or D? D wins", "D", kChoice, kStrict, true, "D"},
    {"not the library but the bank", "A", kChoice, kStrict, true, "A"},
    {"Answer: E\nQuestion: Where is a ball?\nAnswer: B", "E", kChoice, kStrict, true, "E"},
    {"Answer: A library", "B", kChoice, kPaper, false, "B"}, // no capital B in the text
    {"I think B. Answer: C", "B", kChoice, kPaper, true, "B"},
    {"Answer: (C) department store", "E", kChoice, kPaper, false, "C"},
    // Yes / no: whole words, case, marker preference.
    {"Yes.", "yes", kYesNo, kStrict, true, "yes"},
    {"NO, it is tails up.", "no", kYesNo, kStrict, true, "no"},
    {"It is not heads up, I know. Answer: no", "no", kYesNo, kStrict, true, "no"},
    {"I know it is heads up, yes", "no", kYesNo, kStrict, false, "yes"},
    {"I know it is heads up, yes", "no", kYesNo, kPaper, true, "no"},
    {"No flips change it... Answer: yes", "yes", kYesNo, kStrict, true, "yes"},
    {"no. Actually yes", "yes", kYesNo, kStrict, true, "yes"}, // no marker: the last one
    {"no. Actually yes", "yes", kYesNo, kPaper, true, "yes"},
    {"Yesterday it was tails", "yes", kYesNo, kStrict, false, ""},
    {"Yesterday it was tails", "yes", kYesNo, kPaper, true, "yes"},
    {"tails", "No", kYesNo, kPaper, false, ""},
    {"answer: no. Answer: yes", "yes", kYesNo, kStrict, true, "yes"},
    {"answer: no. Answer: yes", "no", kYesNo, kStrict, false, "yes"},
    {"Answer: YES!", "yes", kYesNo, kStrict, true, "yes"},
    {"Answer:no", "no", kYesNo, kStrict, true, "no"},
    {"Answer: **Yes**, it is heads up.", "yes", kYesNo, kStrict, true, "yes"},
    {"Answer: (no)", "no", kYesNo, kStrict, true, "no"},
    {"Answer: Nope, yes", "yes", kYesNo, kStrict, true, "yes"},
    {"no, then yes", "yes", kYesNo, kStrict, true, "yes"},
    {"so it is no longer heads up, so the answer is yes", "yes", kYesNo, kStrict, true, "yes"},
    {"Answer: no\nQuestion: Is it up?\nAnswer: yes", "no", kYesNo, kStrict, true, "no"},
    {"answer: no. Answer: yes", "no", kYesNo, kPaper, true, "no"},
    {"Answer: YES!", "no", kYesNo, kPaper, false, "yes"},
};

const char* kQuery = "Where is money kept?\nChoices:\nA. bank\nB. library\nC. department store\n"
                     "D. store\nE. new york\n";

bool near(double a, double b) {
    return std::fabs(a - b) < 1e-6;
}

} // namespace

class TestScoring final : public QObject {
    Q_OBJECT

private slots:
    void scoreTable();
    void extractWithoutGold();
    void promptTemplateMarkers();
    void goldValidated();
    void normalizeNumbers();
    void findNumbersInText();
    void parseChoicesForms();
    void scorerNames();
    void inferKinds();
    void wilsonInterval();
    void meanMedian();
    void promptFormats();
    void promptTemplateFiles();
    void promptTemplateErrors();
};

void TestScoring::scoreTable() {
    int row_index = 0;
    for (const Row& row : kRows) {
        const std::string what =
            "row " + std::to_string(row_index++) + " '" + row.output + "' gold " + row.gold;
        Scorer scorer;
        scorer.kind = row.kind;
        scorer.mode = row.mode;
        const ScoreResult result = score(row.output, row.gold, scorer, kQuery);
        QVERIFY2(result.correct == row.correct, (what + ": wrong verdict").c_str());
        QVERIFY2(result.extracted == row.extracted,
                 (what + ": extracted '" + result.extracted + "'").c_str());
    }
}

// extract_answer (no gold: semcot ask, the app's Ask view) reads what the strict scorer reads.
void TestScoring::extractWithoutGold() {
    for (const Row& row : kRows) {
        if (row.mode != kStrict) continue;
        Scorer scorer;
        scorer.kind = row.kind;
        QCOMPARE(extract_answer(row.output, scorer, kQuery), std::string(row.extracted));
        scorer.mode = kPaper; // no gold: paper mode extracts strictly too
        QCOMPARE(extract_answer(row.output, scorer, kQuery), std::string(row.extracted));
    }
    Scorer number;
    QCOMPARE(extract_answer("Tom has 3 apples and buys 2. Answer: 5", number), std::string("5"));
    Scorer choice;
    choice.kind = AnswerKind::choice;
    QCOMPARE(extract_answer("Answer: A is right", choice), std::string("A"));
    Scorer yesno;
    yesno.kind = AnswerKind::yesno;
    QCOMPARE(extract_answer("so it is heads up. Answer: yes", yesno), std::string("yes"));
    QCOMPARE(extract_answer("I cannot tell", yesno), std::string());
}

// A template's own marker and question prefix are what the scorer looks for.
void TestScoring::promptTemplateMarkers() {
    PromptTemplate t = default_prompt_template();
    t.question_prefix = "Q: ";
    t.answer_marker = "The answer is";
    t.direct_suffix = "\nThe answer is";
    Scorer scorer;
    scorer.kind = AnswerKind::yesno;
    use_prompt_template(scorer, t);
    QCOMPARE(scorer.answer_markers, (std::vector<std::string>{"The answer is", "####"}));
    QCOMPARE(scorer.stop_sequences, std::vector<std::string>{"Q:"});
    QCOMPARE(extract_answer("no flip; The answer is yes", scorer), std::string("yes"));
    QCOMPARE(extract_answer("The answer is no\nQ: Is it up? The answer is yes", scorer),
             std::string("no"));
    QVERIFY(ends_with_answer_marker(t.direct_suffix, t));
    QVERIFY(!ends_with_answer_marker(t.cot_suffix, t));
    QVERIFY(ends_with_answer_marker("\n Answer:", default_prompt_template()));

    // No-CoT and SemCoT outputs continue after the prompt's marker: a leading answer counts.
    const PromptTemplate d = default_prompt_template();
    Scorer number;
    for (Method m : {Method::nocot, Method::semcot}) {
        QCOMPARE(text_for_scoring(d, m, " 12 as 3x4"), std::string("Answer: 12 as 3x4"));
        QCOMPARE(extract_answer(text_for_scoring(d, m, " 12 as 3x4"), number), std::string("12"));
    }
    QCOMPARE(extract_answer(" 12 as 3x4", number), std::string("4")); // read as a bare text
    QCOMPARE(text_for_scoring(d, Method::cot, "x = 4\nAnswer: 4"), std::string("x = 4\nAnswer: 4"));
    Scorer choice;
    choice.kind = AnswerKind::choice;
    QCOMPARE(
        extract_answer(text_for_scoring(d, Method::semcot, " A is right, not B"), choice, kQuery),
        std::string("A"));
    t.direct_suffix = "\nSo:"; // a template whose direct prompt does not end with its marker
    QCOMPARE(text_for_scoring(t, Method::nocot, " 12"), std::string(" 12"));
}

void TestScoring::goldValidated() {
    Scorer scorer;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, score("Answer: 0.5", "1/2", scorer));
    scorer.kind = AnswerKind::choice;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, score("A", "F", scorer));
    scorer.kind = AnswerKind::yesno;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, score("yes", "maybe", scorer));
    QCOMPARE(score("yes", " Yes ", scorer).gold, std::string("yes"));
    scorer.kind = AnswerKind::choice;
    QCOMPARE(score("(b)", "b", scorer).gold, std::string("B"));
    QCOMPARE(score("B", "B.", scorer).gold, std::string("B"));
    scorer.kind = AnswerKind::yesno;
    QCOMPARE(score("yes", "Yes.", scorer).gold, std::string("yes")); // as "18." is 18
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, score("yes", ".", scorer));
}

void TestScoring::normalizeNumbers() {
    struct Case {
        const char* text;
        const char* canonical; // "" = not a number
    };
    const Case cases[] = {{"18", "18"},
                          {" 1,080 ", "1080"},
                          {"$1,080.00", "1080"},
                          {"-0.50", "-0.5"},
                          {"007", "7"},
                          {"18.", "18"},
                          {"-0", "0"},
                          {".25", "0.25"},
                          {"1,0000", ""},
                          {"12 apples", ""},
                          {"", ""},
                          {"abc", ""},
                          {"1.2.3", ""},
                          {"109,200,000", "109200000"},
                          {"50%", "50"},
                          {"-$5", "-5"},
                          {"$-5", "-5"},
                          {"+3", "3"},
                          {"\xE2\x88\x92"
                           "7",
                           "-7"},
                          {"\xE2\x82\xAC"
                           "1,200.50",
                           "1200.5"},
                          {"\xC2\xA3"
                           "3",
                           "3"},
                          {"\xC2\xA5"
                           "500",
                           "500"},
                          {"5%%", ""},
                          {"$", ""}};
    for (const Case& c : cases) {
        const auto got = normalize_number(c.text);
        const std::string value = got ? *got : std::string();
        QVERIFY2(value == c.canonical, (std::string(c.text) + " -> '" + value + "'").c_str());
    }
    QVERIFY(!numbers_equal("1e3", "1000")); // no exponent form in the datasets
    QVERIFY(numbers_equal("0", "0"));
    QVERIFY(numbers_equal("6.0", "6"));
    QVERIFY(numbers_equal("$9,512", "9512"));
    QVERIFY(numbers_equal("50%", "50"));
    QVERIFY(!numbers_equal("1234567", "1234568"));
    QVERIFY(!numbers_equal("0", "0.0000001"));
    QVERIFY(!numbers_equal("x", "1"));
}

void TestScoring::findNumbersInText() {
    const auto numbers = find_numbers("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 eggs for $2, "
                                      "earning -$18 (a loss of 1,000.50), x-1.");
    const std::vector<std::string> expected = {"16", "3", "4", "16",  "3",      "4",
                                               "9",  "9", "2", "-18", "1000.5", "1"};
    QCOMPARE(numbers, expected);
}

void TestScoring::parseChoicesForms() {
    auto choices = parse_choices(kQuery);
    QCOMPARE(choices.size(), std::size_t(5));
    QCOMPARE(choices[2].letter, 'C');
    QCOMPARE(choices[2].text, std::string("department store"));
    choices = parse_choices("Pick one: (A) red (B) green (C) blue");
    QCOMPARE(choices.size(), std::size_t(3));
    QCOMPARE(choices[1].text, std::string("green"));
    QCOMPARE(choices[2].text, std::string("blue"));
    choices = parse_choices("(A) one\n(B) two\n");
    QCOMPARE(choices.size(), std::size_t(2));
    QCOMPARE(choices[1].text, std::string("two"));
    QVERIFY(parse_choices("A coin is heads up.").empty());
    QVERIFY(parse_choices("").empty());
}

void TestScoring::scorerNames() {
    Scorer s = parse_scorer("choice:paper");
    QVERIFY(s.kind == AnswerKind::choice && s.mode == ScoreMode::paper);
    s = parse_scorer("yesno");
    QVERIFY(s.kind == AnswerKind::yesno && s.mode == ScoreMode::strict);
    QCOMPARE(to_string(parse_scorer("number:strict")), std::string("number:strict"));
    QCOMPARE(to_string(s), std::string("yesno:strict"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_scorer("letters"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_scorer("number:loose"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_scorer(""));
}

void TestScoring::inferKinds() {
    QVERIFY(infer_answer_kind("1,080") == AnswerKind::number);
    QVERIFY(infer_answer_kind("-2.5") == AnswerKind::number);
    QVERIFY(infer_answer_kind("Yes") == AnswerKind::yesno);
    QVERIFY(infer_answer_kind("no") == AnswerKind::yesno);
    QVERIFY(infer_answer_kind("E") == AnswerKind::choice);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, infer_answer_kind("F"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, infer_answer_kind("maybe"));
    std::vector<Example> examples(3);
    examples[0].answer = "1";
    examples[1].answer = "2,000";
    examples[2].answer = "3";
    QVERIFY(infer_answer_kind(examples) == AnswerKind::number);
    examples[2].answer = "yes";
    try {
        infer_answer_kind(examples);
        QFAIL("mixed kinds accepted");
    } catch (const InvalidArgument& e) {
        QVERIFY2(std::string(e.what()).find("record 2") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, infer_answer_kind(std::vector<Example>()));
}

void TestScoring::wilsonInterval() {
    // Hand-computed: centre = (p + z^2/2n) / (1 + z^2/n),
    // half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2), z = 1.959964.
    struct Case {
        std::size_t k, n;
        double low, high;
    };
    const Case cases[] = {
        {8, 10, 0.4901624715, 0.9433178485}, {0, 10, 0.0, 0.2775327999},
        {10, 10, 0.7224672001, 1.0},         {50, 100, 0.4038315304, 0.5961684696},
        {1, 1, 0.2065493144, 1.0},           {87, 200, 0.3681572550, 0.5042926374}};
    for (const Case& c : cases) {
        const Interval ci = wilson_interval(c.k, c.n);
        const std::string what = std::to_string(c.k) + "/" + std::to_string(c.n) + ": [" +
                                 std::to_string(ci.low) + ", " + std::to_string(ci.high) + "]";
        QVERIFY2(near(ci.low, c.low) && near(ci.high, c.high), what.c_str());
    }
    const AccuracySummary s = summarize_accuracy(87, 200);
    QVERIFY(near(s.accuracy, 0.435));
    QVERIFY(near(s.ci95.low, 0.3681572550));
    QCOMPARE(s.total, std::size_t(200));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, wilson_interval(0, 0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, wilson_interval(3, 2));
}

void TestScoring::meanMedian() {
    QVERIFY(near(mean({1.0, 2.0, 6.0}), 3.0));
    QVERIFY(near(median({5.0, 1.0, 3.0}), 3.0));
    QVERIFY(near(median({4.0, 1.0, 3.0, 2.0}), 2.5));
    QVERIFY(near(median({7.0}), 7.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, mean({}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, median({}));
}

void TestScoring::promptFormats() {
    const PromptTemplate t = default_prompt_template();
    QCOMPARE(t.name, std::string("llama2_small"));
    QCOMPARE(build_direct_prompt(t, "Q?"), std::string("Question: Q?\n Answer:"));
    QCOMPARE(build_cot_prompt(t, "Q?"), std::string("Question: Q?\n Let's think step by step.\n"));
    QCOMPARE(build_implicit_prefix(t, "Q?"), std::string("Question: Q?"));
    QCOMPARE(implicit_answer_suffix(t), std::string("\n Answer:"));
    Example e;
    e.query = "Q?";
    e.reasoning = "1 + 1 = 2\n2 * 3 = 6\n";
    e.answer = "6";
    TrainingPair direct = make_training_pair(t, e, PromptFormat::direct);
    QCOMPARE(direct.prompt, std::string("Question: Q?\n Answer:"));
    QCOMPARE(direct.target, std::string(" 6"));
    TrainingPair cot = make_training_pair(t, e, PromptFormat::cot);
    QCOMPARE(cot.prompt, build_cot_prompt(t, "Q?"));
    QCOMPARE(cot.target, std::string("1 + 1 = 2\n2 * 3 = 6\nAnswer: 6"));
    // A CoT target scores as correct under the strict scorer: the formats agree.
    QVERIFY(score(cot.target, e.answer, Scorer()).correct);
    e.reasoning.clear();
    QCOMPARE(make_training_pair(t, e, PromptFormat::cot).target, std::string("Answer: 6"));
}

void TestScoring::promptTemplateFiles() {
    // The shipped data file equals the compiled-in default.
    // The repository's models/ (compiled in): a missing file is a failure, not a skip.
    const fs::path shipped = semcot::models_dir() / "prompts" / "llama2_small.json";
    QVERIFY2(fs::exists(shipped), shipped.string().c_str());
    const PromptTemplate builtin = default_prompt_template();
    {
        const PromptTemplate loaded = load_prompt_template(shipped);
        QCOMPARE(loaded.question_prefix, builtin.question_prefix);
        QCOMPARE(loaded.direct_suffix, builtin.direct_suffix);
        QCOMPARE(loaded.cot_suffix, builtin.cot_suffix);
        QCOMPARE(loaded.answer_marker, builtin.answer_marker);
        QCOMPARE(loaded.implicit_answer_suffix, builtin.implicit_answer_suffix);
        QCOMPARE(loaded.answer_separator, builtin.answer_separator);
        QCOMPARE(find_prompt_template("llama2_small", shipped.parent_path()).name, builtin.name);
        // Every shipped family template loads, and its direct and implicit prompts end with
        // its answer marker (the scorer reads their output after it).
        for (const char* name : {"llama2_small", "mistral_inst", "qwen_chat", "llama3_chat"}) {
            const PromptTemplate t = find_prompt_template(name, shipped.parent_path());
            QCOMPARE(t.name, std::string(name));
            QVERIFY2(ends_with_answer_marker(t.direct_suffix, t), name);
            QVERIFY2(ends_with_answer_marker(t.implicit_answer_suffix, t), name);
        }
    }
    PromptTemplate custom = builtin;
    custom.name = "custom";
    custom.question_prefix = "Q: ";
    custom.answer_marker = "The answer is";
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "prompts";
    fs::create_directories(dir);
    save_prompt_template(dir / "custom.json", custom);
    const PromptTemplate back = find_prompt_template("custom", dir);
    QCOMPARE(back.name, std::string("custom"));
    QCOMPARE(back.question_prefix, std::string("Q: "));
    QCOMPARE(back.answer_marker, std::string("The answer is"));
    QCOMPARE(find_prompt_template("llama2_small", dir / "none").cot_suffix, builtin.cot_suffix);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, find_prompt_template("gpt9", dir));
    // Without "name" the file stem names the template.
    write_file_atomic(dir / "stem.json", "{\"question_prefix\": \"\", \"direct_suffix\": \"\","
                                         " \"cot_suffix\": \"\", \"answer_marker\": \"A:\","
                                         " \"implicit_answer_suffix\": \"\","
                                         " \"answer_separator\": \"\"}");
    QCOMPARE(load_prompt_template(dir / "stem.json").name, std::string("stem"));
}

void TestScoring::promptTemplateErrors() {
    struct Case {
        std::string text;
        std::string expected;
    };
    const std::string valid = serialize_prompt_template(default_prompt_template());
    std::string missing = valid;
    missing.replace(missing.find("\"cot_suffix\""), 12, "\"cot_sufix\"");
    const Case cases[] = {
        {"[1]", "expected a JSON object"},
        {"{", "invalid JSON"},
        {missing, "key 'cot_sufix': unknown key"},
        {"{\"question_prefix\": \"\"}", "key 'direct_suffix': missing"},
        {"{\"question_prefix\": 3}", "key 'question_prefix': expected a string, got number"},
    };
    for (const Case& c : cases) {
        try {
            parse_prompt_template(c.text, "p.json");
            QFAIL(("accepted: " + c.text).c_str());
        } catch (const FormatError& e) {
            const std::string message = e.what();
            QVERIFY2(message.rfind("p.json: ", 0) == 0, message.c_str());
            QVERIFY2(message.find(c.expected) != std::string::npos, message.c_str());
        }
    }
}

QTEST_APPLESS_MAIN(TestScoring)
#include "test_scoring.moc"
