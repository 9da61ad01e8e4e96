package rqda

import "strings"

// rColor returns the colour RQDA stored for a code ("#RRGGBB", or one of
// R's colour names, colors(), which are X11's names in lower case without
// spaces, e.g. "aquamarine4") as "#RRGGBB"; ok is false for anything else.
func rColor(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 7 || len(s) == 9 { // #RRGGBB, or #RRGGBBAA from rgb(..., alpha)
		if s[0] == '#' && isHex(s[1:]) {
			return strings.ToUpper(s[:7]), true
		}
	}
	n := strings.ToLower(strings.ReplaceAll(s, " ", ""))
	if i := strings.Index(rColorNames, "\n"+n+" "); i >= 0 {
		return "#" + rColorNames[i+len(n)+2:i+len(n)+8], true
	}
	return "", false
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// rColorNames lists the X11 colour names (R's colors()), one "name RRGGBB"
// a line, from the X Window System's rgb.txt.
const rColorNames = "\n" +
	"aliceblue F0F8FF\nantiquewhite FAEBD7\nantiquewhite1 FFEFDB\nantiquewhite2 EEDFCC\nantiquewhite3 CDC0B0\n" +
	"antiquewhite4 8B8378\naquamarine 7FFFD4\naquamarine1 7FFFD4\naquamarine2 76EEC6\naquamarine3 66CDAA\n" +
	"aquamarine4 458B74\nazure F0FFFF\nazure1 F0FFFF\nazure2 E0EEEE\nazure3 C1CDCD\n" +
	"azure4 838B8B\nbeige F5F5DC\nbisque FFE4C4\nbisque1 FFE4C4\nbisque2 EED5B7\n" +
	"bisque3 CDB79E\nbisque4 8B7D6B\nblack 000000\nblanchedalmond FFEBCD\nblue 0000FF\n" +
	"blue1 0000FF\nblue2 0000EE\nblue3 0000CD\nblue4 00008B\nblueviolet 8A2BE2\n" +
	"brown A52A2A\nbrown1 FF4040\nbrown2 EE3B3B\nbrown3 CD3333\nbrown4 8B2323\n" +
	"burlywood DEB887\nburlywood1 FFD39B\nburlywood2 EEC591\nburlywood3 CDAA7D\nburlywood4 8B7355\n" +
	"cadetblue 5F9EA0\ncadetblue1 98F5FF\ncadetblue2 8EE5EE\ncadetblue3 7AC5CD\ncadetblue4 53868B\n" +
	"chartreuse 7FFF00\nchartreuse1 7FFF00\nchartreuse2 76EE00\nchartreuse3 66CD00\nchartreuse4 458B00\n" +
	"chocolate D2691E\nchocolate1 FF7F24\nchocolate2 EE7621\nchocolate3 CD661D\nchocolate4 8B4513\n" +
	"coral FF7F50\ncoral1 FF7256\ncoral2 EE6A50\ncoral3 CD5B45\ncoral4 8B3E2F\n" +
	"cornflowerblue 6495ED\ncornsilk FFF8DC\ncornsilk1 FFF8DC\ncornsilk2 EEE8CD\ncornsilk3 CDC8B1\n" +
	"cornsilk4 8B8878\ncyan 00FFFF\ncyan1 00FFFF\ncyan2 00EEEE\ncyan3 00CDCD\n" +
	"cyan4 008B8B\ndarkblue 00008B\ndarkcyan 008B8B\ndarkgoldenrod B8860B\ndarkgoldenrod1 FFB90F\n" +
	"darkgoldenrod2 EEAD0E\ndarkgoldenrod3 CD950C\ndarkgoldenrod4 8B6508\ndarkgray A9A9A9\ndarkgreen 006400\n" +
	"darkgrey A9A9A9\ndarkkhaki BDB76B\ndarkmagenta 8B008B\ndarkolivegreen 556B2F\ndarkolivegreen1 CAFF70\n" +
	"darkolivegreen2 BCEE68\ndarkolivegreen3 A2CD5A\ndarkolivegreen4 6E8B3D\ndarkorange FF8C00\ndarkorange1 FF7F00\n" +
	"darkorange2 EE7600\ndarkorange3 CD6600\ndarkorange4 8B4500\ndarkorchid 9932CC\ndarkorchid1 BF3EFF\n" +
	"darkorchid2 B23AEE\ndarkorchid3 9A32CD\ndarkorchid4 68228B\ndarkred 8B0000\ndarksalmon E9967A\n" +
	"darkseagreen 8FBC8F\ndarkseagreen1 C1FFC1\ndarkseagreen2 B4EEB4\ndarkseagreen3 9BCD9B\ndarkseagreen4 698B69\n" +
	"darkslateblue 483D8B\ndarkslategray 2F4F4F\ndarkslategray1 97FFFF\ndarkslategray2 8DEEEE\ndarkslategray3 79CDCD\n" +
	"darkslategray4 528B8B\ndarkslategrey 2F4F4F\ndarkturquoise 00CED1\ndarkviolet 9400D3\ndebianred D70751\n" +
	"deeppink FF1493\ndeeppink1 FF1493\ndeeppink2 EE1289\ndeeppink3 CD1076\ndeeppink4 8B0A50\n" +
	"deepskyblue 00BFFF\ndeepskyblue1 00BFFF\ndeepskyblue2 00B2EE\ndeepskyblue3 009ACD\ndeepskyblue4 00688B\n" +
	"dimgray 696969\ndimgrey 696969\ndodgerblue 1E90FF\ndodgerblue1 1E90FF\ndodgerblue2 1C86EE\n" +
	"dodgerblue3 1874CD\ndodgerblue4 104E8B\nfirebrick B22222\nfirebrick1 FF3030\nfirebrick2 EE2C2C\n" +
	"firebrick3 CD2626\nfirebrick4 8B1A1A\nfloralwhite FFFAF0\nforestgreen 228B22\ngainsboro DCDCDC\n" +
	"ghostwhite F8F8FF\ngold FFD700\ngold1 FFD700\ngold2 EEC900\ngold3 CDAD00\n" +
	"gold4 8B7500\ngoldenrod DAA520\ngoldenrod1 FFC125\ngoldenrod2 EEB422\ngoldenrod3 CD9B1D\n" +
	"goldenrod4 8B6914\ngray BEBEBE\ngray0 000000\ngray1 030303\ngray10 1A1A1A\n" +
	"gray100 FFFFFF\ngray11 1C1C1C\ngray12 1F1F1F\ngray13 212121\ngray14 242424\n" +
	"gray15 262626\ngray16 292929\ngray17 2B2B2B\ngray18 2E2E2E\ngray19 303030\n" +
	"gray2 050505\ngray20 333333\ngray21 363636\ngray22 383838\ngray23 3B3B3B\n" +
	"gray24 3D3D3D\ngray25 404040\ngray26 424242\ngray27 454545\ngray28 474747\n" +
	"gray29 4A4A4A\ngray3 080808\ngray30 4D4D4D\ngray31 4F4F4F\ngray32 525252\n" +
	"gray33 545454\ngray34 575757\ngray35 595959\ngray36 5C5C5C\ngray37 5E5E5E\n" +
	"gray38 616161\ngray39 636363\ngray4 0A0A0A\ngray40 666666\ngray41 696969\n" +
	"gray42 6B6B6B\ngray43 6E6E6E\ngray44 707070\ngray45 737373\ngray46 757575\n" +
	"gray47 787878\ngray48 7A7A7A\ngray49 7D7D7D\ngray5 0D0D0D\ngray50 7F7F7F\n" +
	"gray51 828282\ngray52 858585\ngray53 878787\ngray54 8A8A8A\ngray55 8C8C8C\n" +
	"gray56 8F8F8F\ngray57 919191\ngray58 949494\ngray59 969696\ngray6 0F0F0F\n" +
	"gray60 999999\ngray61 9C9C9C\ngray62 9E9E9E\ngray63 A1A1A1\ngray64 A3A3A3\n" +
	"gray65 A6A6A6\ngray66 A8A8A8\ngray67 ABABAB\ngray68 ADADAD\ngray69 B0B0B0\n" +
	"gray7 121212\ngray70 B3B3B3\ngray71 B5B5B5\ngray72 B8B8B8\ngray73 BABABA\n" +
	"gray74 BDBDBD\ngray75 BFBFBF\ngray76 C2C2C2\ngray77 C4C4C4\ngray78 C7C7C7\n" +
	"gray79 C9C9C9\ngray8 141414\ngray80 CCCCCC\ngray81 CFCFCF\ngray82 D1D1D1\n" +
	"gray83 D4D4D4\ngray84 D6D6D6\ngray85 D9D9D9\ngray86 DBDBDB\ngray87 DEDEDE\n" +
	"gray88 E0E0E0\ngray89 E3E3E3\ngray9 171717\ngray90 E5E5E5\ngray91 E8E8E8\n" +
	"gray92 EBEBEB\ngray93 EDEDED\ngray94 F0F0F0\ngray95 F2F2F2\ngray96 F5F5F5\n" +
	"gray97 F7F7F7\ngray98 FAFAFA\ngray99 FCFCFC\ngreen 00FF00\ngreen1 00FF00\n" +
	"green2 00EE00\ngreen3 00CD00\ngreen4 008B00\ngreenyellow ADFF2F\ngrey BEBEBE\n" +
	"grey0 000000\ngrey1 030303\ngrey10 1A1A1A\ngrey100 FFFFFF\ngrey11 1C1C1C\n" +
	"grey12 1F1F1F\ngrey13 212121\ngrey14 242424\ngrey15 262626\ngrey16 292929\n" +
	"grey17 2B2B2B\ngrey18 2E2E2E\ngrey19 303030\ngrey2 050505\ngrey20 333333\n" +
	"grey21 363636\ngrey22 383838\ngrey23 3B3B3B\ngrey24 3D3D3D\ngrey25 404040\n" +
	"grey26 424242\ngrey27 454545\ngrey28 474747\ngrey29 4A4A4A\ngrey3 080808\n" +
	"grey30 4D4D4D\ngrey31 4F4F4F\ngrey32 525252\ngrey33 545454\ngrey34 575757\n" +
	"grey35 595959\ngrey36 5C5C5C\ngrey37 5E5E5E\ngrey38 616161\ngrey39 636363\n" +
	"grey4 0A0A0A\ngrey40 666666\ngrey41 696969\ngrey42 6B6B6B\ngrey43 6E6E6E\n" +
	"grey44 707070\ngrey45 737373\ngrey46 757575\ngrey47 787878\ngrey48 7A7A7A\n" +
	"grey49 7D7D7D\ngrey5 0D0D0D\ngrey50 7F7F7F\ngrey51 828282\ngrey52 858585\n" +
	"grey53 878787\ngrey54 8A8A8A\ngrey55 8C8C8C\ngrey56 8F8F8F\ngrey57 919191\n" +
	"grey58 949494\ngrey59 969696\ngrey6 0F0F0F\ngrey60 999999\ngrey61 9C9C9C\n" +
	"grey62 9E9E9E\ngrey63 A1A1A1\ngrey64 A3A3A3\ngrey65 A6A6A6\ngrey66 A8A8A8\n" +
	"grey67 ABABAB\ngrey68 ADADAD\ngrey69 B0B0B0\ngrey7 121212\ngrey70 B3B3B3\n" +
	"grey71 B5B5B5\ngrey72 B8B8B8\ngrey73 BABABA\ngrey74 BDBDBD\ngrey75 BFBFBF\n" +
	"grey76 C2C2C2\ngrey77 C4C4C4\ngrey78 C7C7C7\ngrey79 C9C9C9\ngrey8 141414\n" +
	"grey80 CCCCCC\ngrey81 CFCFCF\ngrey82 D1D1D1\ngrey83 D4D4D4\ngrey84 D6D6D6\n" +
	"grey85 D9D9D9\ngrey86 DBDBDB\ngrey87 DEDEDE\ngrey88 E0E0E0\ngrey89 E3E3E3\n" +
	"grey9 171717\ngrey90 E5E5E5\ngrey91 E8E8E8\ngrey92 EBEBEB\ngrey93 EDEDED\n" +
	"grey94 F0F0F0\ngrey95 F2F2F2\ngrey96 F5F5F5\ngrey97 F7F7F7\ngrey98 FAFAFA\n" +
	"grey99 FCFCFC\nhoneydew F0FFF0\nhoneydew1 F0FFF0\nhoneydew2 E0EEE0\nhoneydew3 C1CDC1\n" +
	"honeydew4 838B83\nhotpink FF69B4\nhotpink1 FF6EB4\nhotpink2 EE6AA7\nhotpink3 CD6090\n" +
	"hotpink4 8B3A62\nindianred CD5C5C\nindianred1 FF6A6A\nindianred2 EE6363\nindianred3 CD5555\n" +
	"indianred4 8B3A3A\nivory FFFFF0\nivory1 FFFFF0\nivory2 EEEEE0\nivory3 CDCDC1\n" +
	"ivory4 8B8B83\nkhaki F0E68C\nkhaki1 FFF68F\nkhaki2 EEE685\nkhaki3 CDC673\n" +
	"khaki4 8B864E\nlavender E6E6FA\nlavenderblush FFF0F5\nlavenderblush1 FFF0F5\nlavenderblush2 EEE0E5\n" +
	"lavenderblush3 CDC1C5\nlavenderblush4 8B8386\nlawngreen 7CFC00\nlemonchiffon FFFACD\nlemonchiffon1 FFFACD\n" +
	"lemonchiffon2 EEE9BF\nlemonchiffon3 CDC9A5\nlemonchiffon4 8B8970\nlightblue ADD8E6\nlightblue1 BFEFFF\n" +
	"lightblue2 B2DFEE\nlightblue3 9AC0CD\nlightblue4 68838B\nlightcoral F08080\nlightcyan E0FFFF\n" +
	"lightcyan1 E0FFFF\nlightcyan2 D1EEEE\nlightcyan3 B4CDCD\nlightcyan4 7A8B8B\nlightgoldenrod EEDD82\n" +
	"lightgoldenrod1 FFEC8B\nlightgoldenrod2 EEDC82\nlightgoldenrod3 CDBE70\nlightgoldenrod4 8B814C\nlightgoldenrodyellow FAFAD2\n" +
	"lightgray D3D3D3\nlightgreen 90EE90\nlightgrey D3D3D3\nlightpink FFB6C1\nlightpink1 FFAEB9\n" +
	"lightpink2 EEA2AD\nlightpink3 CD8C95\nlightpink4 8B5F65\nlightsalmon FFA07A\nlightsalmon1 FFA07A\n" +
	"lightsalmon2 EE9572\nlightsalmon3 CD8162\nlightsalmon4 8B5742\nlightseagreen 20B2AA\nlightskyblue 87CEFA\n" +
	"lightskyblue1 B0E2FF\nlightskyblue2 A4D3EE\nlightskyblue3 8DB6CD\nlightskyblue4 607B8B\nlightslateblue 8470FF\n" +
	"lightslategray 778899\nlightslategrey 778899\nlightsteelblue B0C4DE\nlightsteelblue1 CAE1FF\nlightsteelblue2 BCD2EE\n" +
	"lightsteelblue3 A2B5CD\nlightsteelblue4 6E7B8B\nlightyellow FFFFE0\nlightyellow1 FFFFE0\nlightyellow2 EEEED1\n" +
	"lightyellow3 CDCDB4\nlightyellow4 8B8B7A\nlimegreen 32CD32\nlinen FAF0E6\nmagenta FF00FF\n" +
	"magenta1 FF00FF\nmagenta2 EE00EE\nmagenta3 CD00CD\nmagenta4 8B008B\nmaroon B03060\n" +
	"maroon1 FF34B3\nmaroon2 EE30A7\nmaroon3 CD2990\nmaroon4 8B1C62\nmediumaquamarine 66CDAA\n" +
	"mediumblue 0000CD\nmediumorchid BA55D3\nmediumorchid1 E066FF\nmediumorchid2 D15FEE\nmediumorchid3 B452CD\n" +
	"mediumorchid4 7A378B\nmediumpurple 9370DB\nmediumpurple1 AB82FF\nmediumpurple2 9F79EE\nmediumpurple3 8968CD\n" +
	"mediumpurple4 5D478B\nmediumseagreen 3CB371\nmediumslateblue 7B68EE\nmediumspringgreen 00FA9A\nmediumturquoise 48D1CC\n" +
	"mediumvioletred C71585\nmidnightblue 191970\nmintcream F5FFFA\nmistyrose FFE4E1\nmistyrose1 FFE4E1\n" +
	"mistyrose2 EED5D2\nmistyrose3 CDB7B5\nmistyrose4 8B7D7B\nmoccasin FFE4B5\nnavajowhite FFDEAD\n" +
	"navajowhite1 FFDEAD\nnavajowhite2 EECFA1\nnavajowhite3 CDB38B\nnavajowhite4 8B795E\nnavy 000080\n" +
	"navyblue 000080\noldlace FDF5E6\nolivedrab 6B8E23\nolivedrab1 C0FF3E\nolivedrab2 B3EE3A\n" +
	"olivedrab3 9ACD32\nolivedrab4 698B22\norange FFA500\norange1 FFA500\norange2 EE9A00\n" +
	"orange3 CD8500\norange4 8B5A00\norangered FF4500\norangered1 FF4500\norangered2 EE4000\n" +
	"orangered3 CD3700\norangered4 8B2500\norchid DA70D6\norchid1 FF83FA\norchid2 EE7AE9\n" +
	"orchid3 CD69C9\norchid4 8B4789\npalegoldenrod EEE8AA\npalegreen 98FB98\npalegreen1 9AFF9A\n" +
	"palegreen2 90EE90\npalegreen3 7CCD7C\npalegreen4 548B54\npaleturquoise AFEEEE\npaleturquoise1 BBFFFF\n" +
	"paleturquoise2 AEEEEE\npaleturquoise3 96CDCD\npaleturquoise4 668B8B\npalevioletred DB7093\npalevioletred1 FF82AB\n" +
	"palevioletred2 EE799F\npalevioletred3 CD6889\npalevioletred4 8B475D\npapayawhip FFEFD5\npeachpuff FFDAB9\n" +
	"peachpuff1 FFDAB9\npeachpuff2 EECBAD\npeachpuff3 CDAF95\npeachpuff4 8B7765\nperu CD853F\n" +
	"pink FFC0CB\npink1 FFB5C5\npink2 EEA9B8\npink3 CD919E\npink4 8B636C\n" +
	"plum DDA0DD\nplum1 FFBBFF\nplum2 EEAEEE\nplum3 CD96CD\nplum4 8B668B\n" +
	"powderblue B0E0E6\npurple A020F0\npurple1 9B30FF\npurple2 912CEE\npurple3 7D26CD\n" +
	"purple4 551A8B\nred FF0000\nred1 FF0000\nred2 EE0000\nred3 CD0000\n" +
	"red4 8B0000\nrosybrown BC8F8F\nrosybrown1 FFC1C1\nrosybrown2 EEB4B4\nrosybrown3 CD9B9B\n" +
	"rosybrown4 8B6969\nroyalblue 4169E1\nroyalblue1 4876FF\nroyalblue2 436EEE\nroyalblue3 3A5FCD\n" +
	"royalblue4 27408B\nsaddlebrown 8B4513\nsalmon FA8072\nsalmon1 FF8C69\nsalmon2 EE8262\n" +
	"salmon3 CD7054\nsalmon4 8B4C39\nsandybrown F4A460\nseagreen 2E8B57\nseagreen1 54FF9F\n" +
	"seagreen2 4EEE94\nseagreen3 43CD80\nseagreen4 2E8B57\nseashell FFF5EE\nseashell1 FFF5EE\n" +
	"seashell2 EEE5DE\nseashell3 CDC5BF\nseashell4 8B8682\nsienna A0522D\nsienna1 FF8247\n" +
	"sienna2 EE7942\nsienna3 CD6839\nsienna4 8B4726\nskyblue 87CEEB\nskyblue1 87CEFF\n" +
	"skyblue2 7EC0EE\nskyblue3 6CA6CD\nskyblue4 4A708B\nslateblue 6A5ACD\nslateblue1 836FFF\n" +
	"slateblue2 7A67EE\nslateblue3 6959CD\nslateblue4 473C8B\nslategray 708090\nslategray1 C6E2FF\n" +
	"slategray2 B9D3EE\nslategray3 9FB6CD\nslategray4 6C7B8B\nslategrey 708090\nsnow FFFAFA\n" +
	"snow1 FFFAFA\nsnow2 EEE9E9\nsnow3 CDC9C9\nsnow4 8B8989\nspringgreen 00FF7F\n" +
	"springgreen1 00FF7F\nspringgreen2 00EE76\nspringgreen3 00CD66\nspringgreen4 008B45\nsteelblue 4682B4\n" +
	"steelblue1 63B8FF\nsteelblue2 5CACEE\nsteelblue3 4F94CD\nsteelblue4 36648B\ntan D2B48C\n" +
	"tan1 FFA54F\ntan2 EE9A49\ntan3 CD853F\ntan4 8B5A2B\nthistle D8BFD8\n" +
	"thistle1 FFE1FF\nthistle2 EED2EE\nthistle3 CDB5CD\nthistle4 8B7B8B\ntomato FF6347\n" +
	"tomato1 FF6347\ntomato2 EE5C42\ntomato3 CD4F39\ntomato4 8B3626\nturquoise 40E0D0\n" +
	"turquoise1 00F5FF\nturquoise2 00E5EE\nturquoise3 00C5CD\nturquoise4 00868B\nviolet EE82EE\n" +
	"violetred D02090\nvioletred1 FF3E96\nvioletred2 EE3A8C\nvioletred3 CD3278\nvioletred4 8B2252\n" +
	"wheat F5DEB3\nwheat1 FFE7BA\nwheat2 EED8AE\nwheat3 CDBA96\nwheat4 8B7E66\n" +
	"white FFFFFF\nwhitesmoke F5F5F5\nyellow FFFF00\nyellow1 FFFF00\nyellow2 EEEE00\n" +
	"yellow3 CDCD00\nyellow4 8B8B00\nyellowgreen 9ACD32\n"
