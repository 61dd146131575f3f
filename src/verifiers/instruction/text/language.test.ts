import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage } from './language.ts';

// Each sample's expected code is what Python langdetect (seed 0) says for it.
const SAMPLES: [string, string, string][] = [
  [
    'en',
    'en',
    'The weather was pleasant this morning, so we decided to walk to the market and buy some fresh bread for breakfast.',
  ],
  [
    'en_upper',
    'en',
    'THE WEATHER WAS PLEASANT THIS MORNING, SO WE DECIDED TO WALK TO THE MARKET AND BUY SOME FRESH BREAD.',
  ],
  [
    'en_lower',
    'en',
    'hello friend, i hope you are doing well. please remember to vote next tuesday, it matters a lot for our town.',
  ],
  [
    'es',
    'es',
    'El tiempo estaba agradable esta mañana, así que decidimos caminar hasta el mercado y comprar pan fresco para el desayuno.',
  ],
  [
    'pt',
    'pt',
    'O tempo estava agradável esta manhã, então decidimos caminhar até o mercado e comprar pão fresco para o café da manhã.',
  ],
  [
    'fr',
    'fr',
    "Le temps était agréable ce matin, alors nous avons décidé de marcher jusqu'au marché pour acheter du pain frais pour le petit déjeuner.",
  ],
  [
    'de',
    'de',
    'Das Wetter war heute Morgen angenehm, also haben wir beschlossen, zum Markt zu laufen und frisches Brot für das Frühstück zu kaufen.',
  ],
  [
    'it',
    'it',
    'Il tempo era piacevole questa mattina, quindi abbiamo deciso di camminare fino al mercato e comprare del pane fresco per la colazione.',
  ],
  [
    'pl',
    'pl',
    'Pogoda była dziś rano przyjemna, więc postanowiliśmy pójść na targ i kupić świeży chleb na śniadanie.',
  ],
  [
    'fi',
    'fi',
    'Sää oli tänä aamuna mukava, joten päätimme kävellä torille ja ostaa tuoretta leipää aamiaiseksi.',
  ],
  [
    'sw',
    'sw',
    'Hali ya hewa ilikuwa nzuri asubuhi hii, kwa hiyo tuliamua kutembea hadi sokoni na kununua mkate mpya kwa ajili ya kifungua kinywa.',
  ],
  [
    'vi',
    'vi',
    'Thời tiết sáng nay rất dễ chịu, vì vậy chúng tôi quyết định đi bộ đến chợ và mua bánh mì tươi cho bữa sáng.',
  ],
  [
    'nl',
    'nl',
    'Het weer was vanochtend aangenaam, dus we besloten naar de markt te lopen en vers brood te kopen voor het ontbijt.',
  ],
  [
    'ru',
    'ru',
    'Погода сегодня утром была приятной, поэтому мы решили пойти на рынок и купить свежий хлеб к завтраку.',
  ],
  [
    'uk',
    'uk',
    'Погода сьогодні вранці була приємною, тому ми вирішили піти на ринок і купити свіжий хліб до сніданку.',
  ],
  [
    'bg',
    'bg',
    'Времето тази сутрин беше приятно, затова решихме да отидем до пазара и да купим пресен хляб за закуска.',
  ],
  ['ar', 'ar', 'كان الطقس لطيفا هذا الصباح، لذلك قررنا المشي إلى السوق وشراء خبز طازج لتناول الإفطار.'],
  [
    'fa',
    'fa',
    'هوا امروز صبح خوب بود، بنابراین تصمیم گرفتیم پیاده به بازار برویم و برای صبحانه نان تازه بخریم.',
  ],
  [
    'ur',
    'ur',
    'آج صبح موسم خوشگوار تھا، اس لیے ہم نے بازار تک پیدل جانے اور ناشتے کے لیے تازہ روٹی خریدنے کا فیصلہ کیا۔',
  ],
  [
    'hi',
    'hi',
    'आज सुबह मौसम सुहावना था, इसलिए हमने बाजार तक पैदल जाने और नाश्ते के लिए ताजी रोटी खरीदने का फैसला किया। यह बहुत अच्छा है।',
  ],
  [
    'mr',
    'mr',
    'आज सकाळी हवामान छान होते, म्हणून आम्ही बाजारात चालत जाण्याचा आणि न्याहारीसाठी ताजी भाकरी घेण्याचा निर्णय घेतला. हे खूप छान आहे.',
  ],
  [
    'ne',
    'ne',
    'आज बिहान मौसम राम्रो थियो, त्यसैले हामीले बजारसम्म हिँडेर जाने र बिहानको खानाको लागि ताजा रोटी किन्ने निर्णय गर्यौं। यो धेरै राम्रो छ।',
  ],
  ['bn', 'bn', 'আজ সকালে আবহাওয়া মনোরম ছিল, তাই আমরা বাজারে হেঁটে যাওয়ার এবং সকালের নাস্তার জন্য তাজা রুটি কেনার সিদ্ধান্ত নিলাম।'],
  ['pa', 'pa', 'ਅੱਜ ਸਵੇਰੇ ਮੌਸਮ ਸੁਹਾਵਣਾ ਸੀ, ਇਸ ਲਈ ਅਸੀਂ ਬਾਜ਼ਾਰ ਤੱਕ ਪੈਦਲ ਜਾਣ ਅਤੇ ਨਾਸ਼ਤੇ ਲਈ ਤਾਜ਼ੀ ਰੋਟੀ ਖਰੀਦਣ ਦਾ ਫੈਸਲਾ ਕੀਤਾ।'],
  ['gu', 'gu', 'આજે સવારે હવામાન સુખદ હતું, તેથી અમે બજાર સુધી ચાલીને જવાનું અને નાસ્તા માટે તાજી રોટલી ખરીદવાનું નક્કી કર્યું.'],
  [
    'ta',
    'ta',
    'இன்று காலை வானிலை இனிமையாக இருந்தது, எனவே நாங்கள் சந்தைக்கு நடந்து சென்று காலை உணவுக்கு புதிய ரொட்டி வாங்க முடிவு செய்தோம்.',
  ],
  [
    'te',
    'te',
    'ఈ రోజు ఉదయం వాతావరణం ఆహ్లాదకరంగా ఉంది, కాబట్టి మేము మార్కెట్‌కు నడిచి వెళ్లి అల్పాహారం కోసం తాజా రొట్టె కొనాలని నిర్ణయించుకున్నాము.',
  ],
  [
    'kn',
    'kn',
    'ಇಂದು ಬೆಳಿಗ್ಗೆ ಹವಾಮಾನ ಆಹ್ಲಾದಕರವಾಗಿತ್ತು, ಆದ್ದರಿಂದ ನಾವು ಮಾರುಕಟ್ಟೆಗೆ ನಡೆದುಕೊಂಡು ಹೋಗಿ ಬೆಳಗಿನ ಉಪಾಹಾರಕ್ಕಾಗಿ ತಾಜಾ ರೊಟ್ಟಿ ಖರೀದಿಸಲು ನಿರ್ಧರಿಸಿದೆವು.',
  ],
  [
    'ml',
    'ml',
    'ഇന്ന് രാവിലെ കാലാവസ്ഥ സുഖകരമായിരുന്നു, അതിനാൽ ഞങ്ങൾ മാർക്കറ്റിലേക്ക് നടന്നുപോയി പ്രഭാതഭക്ഷണത്തിനായി പുതിയ റൊട്ടി വാങ്ങാൻ തീരുമാനിച്ചു.',
  ],
  ['th', 'th', 'เช้านี้อากาศดีมาก เราจึงตัดสินใจเดินไปตลาดและซื้อขนมปังสดสำหรับอาหารเช้า'],
  ['ko', 'ko', '오늘 아침 날씨가 좋아서 우리는 시장까지 걸어가서 아침 식사로 신선한 빵을 사기로 했습니다.'],
  ['ja', 'ja', '今朝は天気が良かったので、市場まで歩いて朝食用の新鮮なパンを買うことにしました。'],
  ['zh', 'zh-cn', '今天早上天气很好，所以我们决定走到市场去买一些新鲜的面包当早餐。'],
  ['he', 'he', 'מזג האוויר הבוקר היה נעים, אז החלטנו ללכת לשוק ולקנות לחם טרי לארוחת הבוקר.'],
  ['el', 'el', 'Ο καιρός σήμερα το πρωί ήταν ευχάριστος, οπότε αποφασίσαμε να περπατήσουμε μέχρι την αγορά.'],
  [
    'sv',
    'sv',
    'Vädret var trevligt i morse, så vi bestämde oss för att gå till torget och köpa färskt bröd till frukost.',
  ],
  [
    'tr',
    'tr',
    'Bu sabah hava çok güzeldi, bu yüzden pazara yürüyüp kahvaltı için taze ekmek almaya karar verdik.',
  ],
  [
    'id',
    'id',
    'Cuaca pagi ini sangat menyenangkan, jadi kami memutuskan untuk berjalan ke pasar dan membeli roti segar untuk sarapan.',
  ],
  [
    'ro',
    'ro',
    'Vremea a fost plăcută în această dimineață, așa că am decis să mergem pe jos până la piață și să cumpărăm pâine proaspătă.',
  ],
  [
    'hi_mixed',
    'hi',
    'मशीन लर्निंग (Machine Learning) एक ऐसी तकनीक है जिसमें कंप्यूटर डेटा से सीखते हैं और बेहतर निर्णय लेते हैं।',
  ],
  ['en_list', 'en', '* Apples\n* Bananas\n* Oranges and grapes for the party tonight'],
];

describe('detectLanguage', () => {
  for (const [name, expected, text] of SAMPLES) {
    it(`${name} → ${expected}`, () => assert.equal(detectLanguage(text), expected));
  }

  it('has no answer for text without letters (langdetect raises there)', () => {
    assert.equal(detectLanguage('12345 !!! ???'), undefined);
    assert.equal(detectLanguage(''), undefined);
  });

  it('ignores URLs and e-mail addresses, as langdetect does', () => {
    const text =
      'Der Markt öffnet früh und die Leute kaufen frisches Brot. https://example.com/the/and/of mail@example.com';
    assert.equal(detectLanguage(text), 'de');
  });

  it('reads traditional Chinese characters as zh-tw', () => {
    assert.equal(detectLanguage('這是我們的學校，我們說中文。'), 'zh-tw');
  });
});
