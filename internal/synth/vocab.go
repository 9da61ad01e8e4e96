package synth

// The vocabulary of the generated interviews, code tree, people and places.
// These tables are read-only: nothing in the package changes them. All names
// of people, practices and groups are invented.

var openers = []string{
	"", "", "", "", "", "honestly, ", "to be fair, ", "well, ", "I think ", "for me, ",
	"the thing is, ", "to be honest, ", "in a way, ", "looking back, ", "if I'm honest, ",
	"and ", "but ", "so ", "sometimes ", "most weeks ", "at first ", "these days ",
}

var patientSubjects = []string{
	"the link worker", "my GP", "the gardening group", "the receptionist", "the walking group",
	"the practice nurse", "the community café", "José", "Zoë", "Renée", "the man from the food bank",
	"my daughter", "the Tuesday group", "the art class", "the befriending service",
	"the social prescriber", "the men's shed", "Mrs Kowalczyk next door", "Björn from the choir",
	"the lady at the café", "my neighbour Łucja", "the surgery", "the singing group", "my son",
	"the swimming session", "the craft circle", "the debt advice people", "the bus into town",
}

var staffSubjects = []string{
	"the link worker", "our practice", "the PCN", "our GP lead", "the average patient", "the referral form",
	"the waiting list", "the funding", "the voluntary sector", "the community connector",
	"the duty doctor", "our social prescriber", "Dr Müller", "Dr Peña", "the care coordinator",
	"the practice manager", "the system", "the team", "the reception team", "the health coach",
	"the local authority", "the gardening project", "the café at the community centre",
}

var patientPredicates = []string{
	"made a real difference to my wellbeing", "really helped me get out of the house",
	"didn't have much time to listen", "was hard to get hold of at first", "rang me every week for a while",
	"knew exactly who to talk to", "gave me something to look forward to",
	"changed how I think about my health", "wasn't really what I expected",
	"helped with the loneliness more than the tablets did", "sorted out the forms for the benefits",
	"listened to what matters to me", "felt a bit rushed", "got me back into the allotment",
	"made me feel part of something again", "was the first step", "kept me going through the winter",
	"put me in touch with the debt advice people", "didn't follow up after the first meeting",
	"asked what I used to enjoy", "came to the house the first time", "made it feel less like charity",
	"was always there with a cup of tea", "made sure I wasn't on my own at Christmas",
	"helped me sleep better than I have in years", "took a bit of getting used to",
}

var staffPredicates = []string{
	"has freed up a lot of GP time", "depends on the voluntary sector being there",
	"needs more secure funding", "works best when the referral is warm",
	"is hard to measure in the usual way", "struggles when the groups close down",
	"has changed how we think about frequent attenders", "is only as good as what's available locally",
	"needs proper supervision and support", "can't fix housing or money problems on its own",
	"picks up people we would otherwise miss", "relies on good relationships with the practices",
	"takes longer than the ten-minute appointment allows", "was sceptical about it at the start",
	"gets referrals that are really about housing", "sees a lot of people with long-term conditions",
	"has a caseload that keeps growing", "does the follow-up calls at three and six months",
	"records the wellbeing scores before and after", "has made the waiting room quieter on Mondays",
}

var patientIPredicates = []string{
	"didn't know it was called that", "felt silly at first", "go to the surgery less often now",
	"was nervous the first time", "still ring the surgery sometimes", "look forward to Tuesdays now",
	"hadn't been out of the house for weeks", "never thought I'd enjoy painting",
	"got as far as the gate and went home again", "have made a couple of real friends there",
	"was a bit naïve about what it would be", "can manage the stairs again",
	"feel more like myself", "wouldn't have gone on my own", "told my sister all about it",
	"stopped going for a while after the fall", "walk there now instead of getting the bus",
}

var staffIPredicates = []string{
	"see it working for the lonely ones", "refer two or three people a week",
	"worry about the sustainability", "spend less time on the non-medical stuff",
	"was sceptical at first", "try to make the referral feel personal",
	"think the evidence is still thin", "write the referral with the patient in the room",
	"check in with the link worker every Friday", "have seen people come off the antidepressants",
	"don't always know what happens after the referral", "would like better feedback from the groups",
}

var patientTails = []string{
	"", "", "", "", "", "", " after my husband died", " during the winter", " on a Tuesday",
	" since the pandemic", " when I was at my lowest", " in the first few weeks", " most of the time",
	" to be honest", " for the first time in years", " at the community centre",
	" at the café on the corner", " over the phone", " in the end", " without any pressure",
	" at Café Brontë", " every other week", " after the clinic", " when my knees were bad",
}

var staffTails = []string{
	"", "", "", "", "", "", " since the pandemic", " most of the time", " to be honest",
	" with the waiting lists as they are", " in our part of town", " at the moment",
	" in the winter especially", " for the older patients", " on a good week", " in my experience",
	" compared with two years ago", " across the PCN",
}

var connectors = []string{", but ", ", and ", " because ", ", so ", " even though ", ", which is why "}

var patientSaid = []string{
	"I could try the walking group", "it was worth a go", "there was a place on Thursdays",
	"nobody would mind if I just came for the tea", "I didn't have to talk if I didn't want to",
	"she'd ring me after the first session", "it wasn't about the tablets",
	"I should bring my own gloves", "the group would still be there in the spring",
}

var staffSaid = []string{
	"we'd get another link worker in April", "the numbers looked good this quarter",
	"the referral had been lost", "the group was full until September",
	"it was the first time anyone had asked what mattered to her", "the funding was safe for another year",
}

var shortSentences = []string{
	"It was brilliant!", "That's the main thing.", "I really did.", "It's hard to say.",
	"I wasn't sure at first.", "You know what I mean?", "Nobody had asked me that before.",
	"That made all the difference.", "I'd recommend it to anyone.", "We do our best.",
	"It's not perfect.", "It's been a lifeline, honestly.", "I don't know where I'd be without it.",
	"That's the honest answer.", "It's a funny thing.", "Evenings are still long.",
	"Some weeks are better than others.", "It works, mostly.", "Don't get me wrong.",
}

// questionFrames are questions around a topic.
var questionFrames = []struct{ start, end string }{
	{"could you tell me a bit more about ", ""}, {"how did you feel about ", ""},
	{"what difference has ", " made"}, {"what was ", " like at first"},
	{"how would you describe ", ""}, {"what do you think about ", " now"},
	{"how did you get on with ", ""}, {"what would you change about ", ""},
}

var topics = []string{
	"the link worker", "the gardening group", "the first appointment", "the referral",
	"the waiting list", "the phone calls", "the group sessions", "your wellbeing", "the surgery",
	"the café at the community centre", "the walking group", "the follow-up", "the paperwork",
	"the time with José", "the advice from Dr Peña",
}

var questions = []string{
	"Can you give me an example of that?", "How did you first hear about social prescribing?",
	"What happened after that?", "Is there anything you would change?",
	"How does that fit with the rest of your week?", "Who else was involved?",
	"What matters most to you at the moment?", "How long did you have to wait?",
	"Did anything get in the way?", "And how has it been since?",
}

var interviewerStatements = []string{
	"That's really helpful, thank you.", "You mentioned the group earlier.", "Take your time.",
	"I see.", "Right, okay.", "Thank you for seeing me today.", "That's interesting.",
	"We're nearly at the end now.",
}

var interjections = []string{"[laughs]", "[laughs]", "[pause]", "[inaudible]", "[sighs]", "[phone rings]"}

// emoji: mostly outside the Basic Multilingual Plane (two UTF-16 units
// each), some with skin-tone modifiers or zero-width joiners, and a few in
// the BMP.
var emoji = []string{"😊", "😊", "👍🏽", "🙂", "😂", "🌱", "🙏", "👨‍👩‍👧", "😢", "☕", "❤️", "👍"}

var nonBMPEmoji = []string{"😊", "👍🏽", "🙂", "🌱"}

var memoSentences = []string{
	"Strong example of the link worker going beyond the remit of the role.",
	"Compare with the GP's account of the same referral.",
	"Possible quote for the report; check consent for archiving first.",
	"Loneliness framed as the real reason for frequent attendance.",
	"Tension between the medical and the social model is explicit here.",
	"Participant seems ambivalent; revisit after the second interview.",
	"Note the café as a neutral, non-clinical space.",
	"Funding worries come up again, this time from the practice manager.",
	"Recode under Outcomes once the codebook is agreed.",
	"Interesting contrast with the rural practices, where transport dominates.",
	"Zoë and José agree on this point, but for different reasons.",
	"The naïve expectation of a quick fix appears in several patient interviews.",
}

type codeDef struct {
	name, desc, color string
	children          []codeDef
}

var themes = []codeDef{
	{"Understandings of social prescribing", "How participants define social prescribing and what they think it is for.", "#4F81BD", []codeDef{
		{"Medical model vs social model", "Contrasts between treating symptoms and asking what matters.", "", nil},
		{"Awareness among patients", "Whether patients had heard of social prescribing.", "", nil},
		{"Expectations", "", "#95B3D7", nil},
		{"Scepticism", "", "", nil},
		{"Language and labels", "Words used for the service: prescription, referral, signposting.", "", nil},
	}},
	{"Role of the link worker", "What link workers do, for whom and for how long.", "#F79646", []codeDef{
		{"Boundaries of the role", "", "#E46C0A", nil},
		{"Time with patients", "", "", nil},
		{"Home visits", "", "", nil},
		{"Caseload and capacity", "Numbers of clients, waiting lists and turnover.", "", nil},
		{"Supervision and support", "", "", nil},
	}},
	{"Access and referral", "How people reach social prescribing.", "#9BBB59", []codeDef{
		{"Referral routes", "GP, nurse, reception, self-referral.", "", nil},
		{"Waiting times", "", "#76923C", nil},
		{"Warm handover", "The referrer introduces the patient to the link worker in person.", "", nil},
		{"Who gets referred", "", "", nil},
		{"Digital access", "", "", nil},
	}},
	{"Wellbeing outcomes", "Changes participants attribute to social prescribing.", "#8064A2", []codeDef{
		{"Loneliness and isolation", "", "#B2A2C7", nil},
		{"Mental health", "", "", nil},
		{"Physical activity", "", "", nil},
		{"Confidence and purpose", "Feeling useful, having a reason to get up.", "", nil},
		{"Use of GP services", "Changes in how often participants see or ring the surgery.", "", nil},
	}},
	{"Community assets", "Groups, places and people in the community.", "#4BACC6", []codeDef{
		{"Gardening and green space", "", "#31859C", nil},
		{"Cafés and informal spaces", "", "", nil},
		{"Arts and music", "", "", nil},
		{"Volunteering", "", "", nil},
		{"Faith groups", "", "", nil},
	}},
	{"Barriers", "What gets in the way of taking part.", "#C0504D", []codeDef{
		{"Transport", "", "", nil},
		{"Cost", "", "#D99694", nil},
		{"Anxiety about groups", "", "", nil},
		{"Health problems", "", "", nil},
		{"Language", "Participants whose first language is not English.", "", nil},
	}},
	{"Primary care workload", "Pressures on practices and how social prescribing relates to them.", "#1F497D", []codeDef{
		{"Frequent attenders", "", "", nil},
		{"Appointment length", "", "", nil},
		{"Non-medical needs", "Housing, money, relationships brought to the GP.", "", nil},
		{"Staff wellbeing", "", "", nil},
	}},
	{"Relationships", "Trust and continuity between people.", "#F2C314", []codeDef{
		{"Trust in the link worker", "", "", nil},
		{"Continuity", "", "", nil},
		{"Family and carers", "", "", nil},
		{"Peer support", "", "", nil},
	}},
	{"Funding and sustainability", "Money, contracts and the future of the service.", "#7F7F7F", []codeDef{
		{"Short-term contracts", "", "", nil},
		{"Voluntary sector capacity", "", "", nil},
		{"Measuring impact", "Wellbeing scores, reduced appointments, case studies.", "", nil},
	}},
	{"Emotions", "Feelings expressed in the interviews.", "#E36C09", []codeDef{
		{"Gratitude", "", "", nil},
		{"Frustration", "", "", nil},
		{"Grief and loss", "", "", nil},
		{"Hope", "", "", nil},
	}},
}

var folder = codeDef{"Cross-cutting issues", "Folder for issues that cut across themes; not coded directly.", "", []codeDef{
	{"Equity and inclusion", "", "", nil},
	{"COVID-19", "", "#A5A5A5", nil},
	{"Rural and urban differences", "", "", nil},
	{"Digital exclusion", "", "", nil},
	{"Ethnicity and culture", "", "", nil},
}}

var qualifiers = []codeDef{
	{"Positive experiences", "Passages where the experience is described as good.", "", nil},
	{"Negative experiences", "", "", nil},
	{"Patients' perspective", "", "", nil},
	{"Staff perspective", "", "", nil},
	{"Rural practices", "", "", nil},
	{"Urban practices", "", "", nil},
}

var deepCodes = []codeDef{
	{"Strong examples", "", "", nil},
	{"Counter-examples", "Passages that contradict the parent code.", "", nil},
	{"Quotes for the report", "", "", nil},
	{"To revisit", "", "", nil},
}

var userNames = []struct{ name, id string }{
	{"Priya Natarajan", "PN"}, {"Tomás Ferreira", "TF"}, {"Zoë Adeyemi", "ZA"},
	{"Łukasz Wiśniewski", "ŁW"}, {"Ingrid Sørensen", "IS"}, {"Amara Okafor", "AO"},
	{"Jürgen Weiß", "JW"}, {"Siobhán Ní Bhriain", "SN"},
}

var practices = []string{
	"Riverside Surgery", "Hillview Medical Centre", "Canal Street Practice", "Oakwood Health Centre",
	"Marsh Lane Surgery", "Bridgefoot Medical Practice", "Kingsmead Health Centre", "Château Road Surgery",
	"The Old Forge Practice", "Peñarth Street Medical Centre", "Millbrook Surgery", "Station Road Practice",
}

var staffRoles = []string{"GP", "Practice nurse", "Link worker", "Receptionist", "Community group lead", "Practice manager"}

var noteTitles = []string{
	"Coding decisions", "Team meeting", "Reflexive note", "Emerging ideas", "Interview debrief",
	"Codebook changes", "Analysis plan", "Questions for the steering group",
}

var setNames = []string{"Patient interviews", "Staff interviews", "Themes for the interim report", "Follow-up interviews"}
