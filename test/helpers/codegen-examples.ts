/** The members of the and README's `Sentence` example, with every member type the grammar has. */
export const SENTENCE_MEMBERS = [
  'sentenceId:int:id',
  'text:str',
  'tokens:List[str]',
  'label:Label',
  'labels:List[Label]',
  'createdAt:datetime',
  'clock:time',
  'flag:bool',
  'note:str?',
]
